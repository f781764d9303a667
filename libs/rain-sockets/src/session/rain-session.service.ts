import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Request, RequestHandler } from 'express';
import { MemoryStore, type Session } from 'express-session';
import type { Server, Socket } from 'socket.io';
import type { ComponentSocketDefinition } from '../core/component-socket-definition.js';
import { RainClientError } from '../handlers/ws-error.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { getRainContext } from '../core/rain-socket-context.js';
import { installSessionAccessors } from './session-helpers.js';
import { LOADED_FROM_STORE, SESSION_ERROR } from './session-keys.js';
import {
  memoryStoreWarning,
  sessionExpiredMessage,
  sessionRequiredMessage,
  sessionStoreUnavailableMessage,
} from './session.messages.js';
import { sessionMiddleware } from './session-middleware.factory.js';
import type { RainSessionOptions } from './session-options.interface.js';
import { SessionStoreCoordinator, loadedVersion } from './session-store.coordinator.js';
import { type DefaultSessionStore, RAIN_DEFAULT_SESSION_STORE } from './session-store.token.js';

export const SESSION_EXPIRED_EVENT = 'session_expired';
export const SESSION_INFO_EVENT = 'rain:session';
/** Between nodes (socket.io's serverSideEmit): a session was destroyed on one of them. */
const SESSION_DESTROYED_EVENT = 'rain:session-destroyed';

const EXPIRED = Symbol('rain-sockets:session-expired');
const TRACKED = Symbol('rain-sockets:session-entry');

type HandshakeRequest = Request & { [LOADED_FROM_STORE]?: boolean; [SESSION_ERROR]?: unknown; [EXPIRED]?: string };

/** The sockets of this node that use one session, and when they were last active. */
interface SessionEntry {
  sid: string;
  sockets: Set<Socket>;
  /** An event came in or went out since the store was last touched (a flag: no clock read per packet). */
  active: boolean;
  touchedAt: number;
}

/**
 * One express-session for HTTP and sockets: loads it at the handshake, keeps it current
 * for every event (RainSessionGuard), saves it after (SessionSaveInterceptor), keeps it
 * alive while its sockets are active, and tells those sockets when it expires.
 */
@Injectable()
export class RainSessionService implements RainSocketExtension {
  private readonly logger = new Logger('RainSockets session');
  private readonly config?: RainSessionOptions;
  private readonly entries = new Map<string, SessionEntry>();
  private coordinator?: SessionStoreCoordinator;
  private middlewareHandler?: RequestHandler;
  private ownMiddleware = false;
  private freshness: 'local' | 'always' = 'always';
  private timer?: NodeJS.Timeout;
  private readonly clustered: boolean;
  private io?: Server;

  constructor(
    @Inject(RAIN_SOCKETS_OPTIONS) options: RainSocketsOptions,
    @Optional() @Inject(RAIN_DEFAULT_SESSION_STORE) private readonly defaultStore?: DefaultSessionStore,
  ) {
    this.config = options.session || undefined;
    this.clustered = options.cluster !== undefined;
  }

  get enabled(): boolean {
    return this.config !== undefined;
  }

  /** Whether component sockets use the session unless they say otherwise. */
  get perSocketDefault(): boolean {
    return this.config?.perSocket ?? true;
  }

  /** The express-session middleware HTTP and sockets share (built on first use). */
  get middleware(): RequestHandler | undefined {
    this.start();
    return this.middlewareHandler;
  }

  /** Whether RainSocketsModule must mount the middleware on HTTP routes. */
  get mountsOnHttp(): boolean {
    this.start();
    return this.ownMiddleware && this.config?.mountOnHttp !== false;
  }

  get keepAlivePath(): string | undefined {
    if (!this.config || this.config.keepAlivePath === false) return undefined;
    return this.config.keepAlivePath ?? '/core/controller/cookie';
  }

  private start(): void {
    if (!this.config || this.coordinator) return;
    installSessionAccessors();
    const parts = sessionMiddleware(this.config, (store) => {
      // 'local': this process is the store's only writer, so its own versions say what changed.
      this.freshness = this.config!.freshness ?? (store instanceof MemoryStore ? 'local' : 'always');
      this.coordinator = new SessionStoreCoordinator(store, this.freshness === 'local');
      this.coordinator.onDestroyed((sid) => {
        this.expire(sid, 'destroyed');
        // Sockets of this session on other nodes hear it now, not at their next event.
        if (this.clustered) this.io?.serverSideEmit(SESSION_DESTROYED_EVENT, sid);
      });
    }, this.defaultStore);
    this.middlewareHandler = parts.middleware;
    this.ownMiddleware = parts.own;
    if (parts.store instanceof MemoryStore) this.logger.warn(memoryStoreWarning());
  }

  // --- socket lifecycle (RainSocketExtension) ---

  serverCreated(io: Server): void {
    if (!this.config) return;
    this.start();
    this.io = io;
    if (this.clustered) io.on(SESSION_DESTROYED_EVENT, (sid: unknown) => typeof sid === 'string' && this.expire(sid, 'destroyed'));
    const middleware = this.middlewareHandler!;
    // Only the handshake loads the session; later polling requests of the connection reuse it.
    io.engine.use((req: HandshakeRequest & { _query?: { sid?: string } }, res: unknown, next: () => void) => {
      if (req._query?.sid !== undefined || req.session) return next();
      middleware(req, res as never, (error?: unknown) => {
        if (error) req[SESSION_ERROR] = error;
        next();
      });
    });
    const interval = this.config.expiryCheckInterval ?? 5_000;
    this.timer = setInterval(() => void this.sweep(), interval);
    this.timer.unref();
  }

  serverClosing(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  admit(socket: Socket, definition: ComponentSocketDefinition): void {
    if (!this.config || !(definition.metadata.session ?? this.perSocketDefault)) return;
    const req = socket.request as HandshakeRequest;
    if (req[SESSION_ERROR] !== undefined || !req.session) {
      this.logger.error(`Handshake session load failed: ${String(req[SESSION_ERROR])}`);
      throw new RainClientError('session_store_unavailable', sessionStoreUnavailableMessage('load'));
    }
    if (this.config.requireSession && !req[LOADED_FROM_STORE]) {
      throw new RainClientError('session_required', sessionRequiredMessage());
    }
    Object.defineProperty(socket, 'session', {
      get(this: Socket) {
        return (this.request as HandshakeRequest).session;
      },
      configurable: true,
    });
  }

  connected(socket: Socket): void {
    if (!getRainContext(socket)?.session) return;
    const session = (socket.request as HandshakeRequest).session;
    const sid = session.id;
    let entry = this.entries.get(sid);
    if (!entry) {
      const now = Date.now();
      entry = { sid, sockets: new Set(), active: false, touchedAt: now };
      this.entries.set(sid, entry);
      this.coordinator!.track(sid, session);
    }
    entry.sockets.add(socket);
    (socket as unknown as Record<symbol, SessionEntry>)[TRACKED] = entry;
    socket.onAnyOutgoing(markActive);
    socket.emit(SESSION_INFO_EVENT, { expires: session.cookie.expires?.toISOString() ?? null });
  }

  incoming(socket: Socket): void {
    const entry = (socket as unknown as Record<symbol, SessionEntry | undefined>)[TRACKED];
    if (entry) entry.active = true;
  }

  disconnected(socket: Socket): void {
    const entry = (socket as unknown as Record<symbol, SessionEntry | undefined>)[TRACKED];
    if (!entry) return;
    entry.sockets.delete(socket);
    if (entry.sockets.size === 0 && this.entries.get(entry.sid) === entry) {
      this.entries.delete(entry.sid);
      this.coordinator!.forget(entry.sid);
    }
  }

  // --- per event: RainSessionGuard and SessionSaveInterceptor call these ---

  /**
   * Makes the socket's session current, or throws when it expired or the store fails.
   * Returns undefined (synchronously) when it knows the session is current without the store,
   * else the promise of the reload.
   */
  refresh(socket: Socket): void | Promise<void> {
    const req = socket.request as HandshakeRequest;
    if (req[EXPIRED]) throw new RainClientError('session_expired', sessionExpiredMessage());
    const session = req.session;
    if (
      this.freshness === 'local' &&
      loadedVersion(session) === this.coordinator!.version(session.id) &&
      !isPast(session.cookie.expires)
    ) {
      return;
    }
    return this.reload(req);
  }

  private async reload(req: HandshakeRequest): Promise<void> {
    const session = req.session;
    const coordinator = this.coordinator!;
    let data;
    try {
      data = await coordinator.get(session.id);
    } catch (error) {
      this.logger.error(`Session load failed: ${String(error)}`);
      throw new RainClientError('session_store_unavailable', sessionStoreUnavailableMessage('load'));
    }
    if (!data) {
      this.expire(session.id, 'expired');
      throw new RainClientError('session_expired', sessionExpiredMessage());
    }
    coordinator.store.createSession(req, data);
  }

  /**
   * Saves the socket's session when the handler changed it. Returns undefined (synchronously)
   * when there is nothing to write, else the promise of the write.
   */
  save(socket: Socket): void | Promise<void> {
    const req = socket.request as HandshakeRequest;
    const session = req.session;
    if (!session || req[EXPIRED] || !this.coordinator!.changed(session)) return;
    return this.write(session);
  }

  private async write(session: Session): Promise<void> {
    try {
      await new Promise<void>((resolve, reject) => session.save((error) => (error ? reject(error) : resolve())));
    } catch (error) {
      this.logger.error(`Session save failed: ${String(error)}`);
      throw new RainClientError('session_store_unavailable', sessionStoreUnavailableMessage('save'));
    }
  }

  /** Touches a session for the keep-alive route; false when it is not in the store any more. */
  async keepAlive(session: Session): Promise<boolean> {
    const coordinator = this.coordinator!;
    if (!(await coordinator.get(session.id))) return false;
    session.touch();
    await coordinator.touch(session.id, session);
    const entry = this.entries.get(session.id);
    if (entry) {
      entry.touchedAt = Date.now();
      entry.active = false;
    }
    return true;
  }

  // --- expiry ---

  /** Keeps sessions of active sockets alive in the store, and finds the ones that expired. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const entry of [...this.entries.values()]) {
      const first = entry.sockets.values().next().value as Socket | undefined;
      const session = first && (first.request as HandshakeRequest).session;
      if (!session) continue;
      const maxAge = session.cookie.originalMaxAge;
      const touchEvery = maxAge ? Math.min(maxAge / 4, 60_000) : 60_000;
      try {
        if (entry.active && now - entry.touchedAt >= touchEvery) {
          // Cleared first: activity while the store answers counts for the next touch.
          entry.active = false;
          entry.touchedAt = now;
          if (!(await this.coordinator!.get(entry.sid))) {
            this.expire(entry.sid, 'expired');
            continue;
          }
          session.touch();
          await this.coordinator!.touch(entry.sid, session);
        } else if (isPast(session.cookie.expires) && !(await this.coordinator!.get(entry.sid))) {
          this.expire(entry.sid, 'expired');
        }
      } catch (error) {
        entry.active = true; // not touched: try again at the next sweep
        this.logger.error(`Session keep-alive failed for a session: ${String(error)}`);
      }
    }
  }

  private expire(sid: string, reason: 'expired' | 'destroyed'): void {
    const entry = this.entries.get(sid);
    if (!entry) return;
    this.entries.delete(sid);
    this.coordinator!.forget(sid);
    for (const socket of entry.sockets) {
      (socket.request as HandshakeRequest)[EXPIRED] = reason;
      socket.emit(SESSION_EXPIRED_EVENT, { reason });
    }
  }
}

// Shared by every socket: socket.io calls it with the socket as `this`.
function markActive(this: Socket): void {
  const entry = (this as unknown as Record<symbol, SessionEntry | undefined>)[TRACKED];
  if (entry) entry.active = true;
}

function isPast(expires: Date | null | undefined): boolean {
  return !!expires && expires.getTime() <= Date.now();
}
