import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Request, RequestHandler } from 'express';
import { MemoryStore, type Session, type SessionData } from 'express-session';
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
  writeBackFailedMessage,
  writtenBackMessage,
} from './session.messages.js';
import { sessionMiddleware } from './session-middleware.factory.js';
import type { RainSessionOptions } from './session-options.interface.js';
import { isPast, SessionStoreCoordinator } from './session-store.coordinator.js';
import { newSessionStats, type RainSessionStats } from './session-stats.js';
import { type DefaultSessionStore, RAIN_DEFAULT_SESSION_STORE } from './session-store.token.js';
import { SessionWriteBack } from './session-write-back.js';

export const SESSION_EXPIRED_EVENT = 'session_expired';
export const SESSION_INFO_EVENT = 'rain:session';
/** Between nodes (socket.io's serverSideEmit): a session was destroyed on one of them. */
const SESSION_DESTROYED_EVENT = 'rain:session-destroyed';

const EXPIRED = Symbol('rain-sockets:session-expired');
const TRACKED = Symbol('rain-sockets:session-entry');

const RELOADING = Symbol('rain-sockets:session-reloading');

type HandshakeRequest = Request & {
  [LOADED_FROM_STORE]?: boolean;
  [SESSION_ERROR]?: unknown;
  [EXPIRED]?: string;
  /** The socket's session load under way, and the generation of the session when it was sent. */
  [RELOADING]?: { generation: number | undefined; done: Promise<void> };
};

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
 * alive while its sockets are active, tells those sockets when it expires, and writes it
 * back when the store lost it while they were connected.
 */
@Injectable()
export class RainSessionService implements RainSocketExtension {
  /** Counters of this node's session store traffic (only ever incremented; read them for metrics). */
  readonly stats: RainSessionStats = newSessionStats();
  private readonly logger = new Logger('RainSockets session');
  private readonly config?: RainSessionOptions;
  private readonly entries = new Map<string, SessionEntry>();
  private coordinator?: SessionStoreCoordinator;
  private writeBack?: SessionWriteBack;
  private middlewareHandler?: RequestHandler;
  private ownMiddleware = false;
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
    const parts = sessionMiddleware(this.config, (store) => this.coordinate(store), this.defaultStore);
    this.middlewareHandler = parts.middleware;
    this.ownMiddleware = parts.own;
    if (parts.store instanceof MemoryStore) this.logger.warn(memoryStoreWarning());
  }

  private coordinate(store: SessionStoreCoordinator['store']): void {
    const coordinator = new SessionStoreCoordinator(store, this.config!.freshness, this.stats);
    this.coordinator = coordinator;
    coordinator.onDestroyed((sid) => {
      this.writeBack?.remember(sid);
      this.expire(sid, 'destroyed');
      // Sockets of this session on other nodes hear it now, not at their next event.
      if (this.clustered) this.io?.serverSideEmit(SESSION_DESTROYED_EVENT, sid);
    });
    if (coordinator.merging) {
      this.writeBack = new SessionWriteBack(coordinator, coordinator.merging, this.stats);
      coordinator.merging.onRecovered((lostAt) => void this.recover(lostAt));
    }
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
      this.stats.storeErrors++;
      this.logger.error(`Handshake session load failed: ${String(req[SESSION_ERROR])}`);
      throw unavailable('load', true);
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
      entry = { sid, sockets: new Set(), active: false, touchedAt: Date.now() };
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
   * Makes the socket's session current. Undefined when the local copy is known current (no
   * I/O: nothing to wait for); a promise when it must be loaded. Throws (or rejects) with
   * `session_expired`, or `session_store_unavailable` (retryable) when the store fails.
   */
  refresh(socket: Socket): void | Promise<void> {
    const req = socket.request as HandshakeRequest;
    if (req[EXPIRED]) throw expired();
    const session = req.session;
    const coordinator = this.coordinator!;
    if (coordinator.isCurrent(session)) return;
    // Events of one socket that arrive together share one load, unless the store reported a
    // change since it was sent (it might not hold that change).
    const generation = coordinator.generation(session.id);
    const loading = req[RELOADING];
    if (loading && loading.generation === generation && coordinator.freshness !== 'always') return loading.done;
    const done = this.reload(req, session);
    const entry = { generation, done };
    req[RELOADING] = entry;
    const clear = () => {
      if (req[RELOADING] === entry) req[RELOADING] = undefined;
    };
    done.then(clear, clear);
    return done;
  }

  /**
   * Saves what the handler changed in the socket's session. Undefined when there is nothing to
   * wait for (nothing changed, or the store wrote at once: the MemoryStore); a promise
   * otherwise, which rejects with `session_store_unavailable` (not retryable: the handler
   * ran) or `session_expired`.
   */
  save(socket: Socket): void | Promise<void> {
    const req = socket.request as HandshakeRequest;
    const session = req.session;
    if (!session || req[EXPIRED]) return;
    const saving = this.coordinator!.save(session);
    if (saving === undefined || saving === 'saved') return;
    return saving.then(
      (result) => (result === 'missing' ? this.saveLost(req, session) : undefined),
      (error: unknown) => {
        throw this.storeFailed('save', error, false);
      },
    );
  }

  /** Touches a session for the keep-alive route; false when it is not in the store any more. */
  async keepAlive(session: Session): Promise<boolean> {
    session.touch();
    let touched: boolean;
    try {
      touched = await this.coordinator!.touch(session.id, session);
    } catch (error) {
      throw this.storeFailed('touch', error, true);
    }
    const entry = this.entries.get(session.id);
    if (touched && entry) {
      entry.touchedAt = Date.now();
      entry.active = false;
    }
    return touched;
  }

  private async reload(req: HandshakeRequest, session: Session): Promise<void> {
    const coordinator = this.coordinator!;
    let data: SessionData | undefined;
    try {
      data = (await coordinator.load(session.id)) ?? (await this.lost(session));
    } catch (error) {
      if (error instanceof RainClientError) throw error;
      throw this.storeFailed('load', error, true);
    }
    // Destroyed (another node said so) while it loaded.
    if (req[EXPIRED]) throw expired();
    coordinator.adopt(req, data);
  }

  /**
   * The store has no such session. If this node's copy is live and the session was not
   * destroyed, the store lost it: written back, and loaded again. Else it is over for
   * every socket of it here (`session_expired`).
   */
  private async lost(session: Session): Promise<SessionData> {
    const sid = session.id;
    const result =
      this.writeBack && !isPast(session.cookie.expires) ? await this.writeBack.writeBack(sid, this.copiesOf(sid, session)) : 'expired';
    if (result === 'restored' || result === 'present') {
      const data = await this.coordinator!.load(sid);
      if (data) return data;
    }
    this.expire(sid, result === 'destroyed' ? 'destroyed' : 'expired');
    throw expired();
  }

  /** A save found the session gone: write it back (as last saved) and save again, or end it. */
  private async saveLost(req: HandshakeRequest, session: Session): Promise<void> {
    try {
      await this.lost(session);
      if ((await this.coordinator!.save(session)) !== 'missing') return;
    } catch (error) {
      if (error instanceof RainClientError) throw error;
      throw this.storeFailed('save', error, false);
    }
    this.expire(session.id, 'expired');
    if (!req[EXPIRED]) req[EXPIRED] = 'expired';
    throw expired();
  }

  private storeFailed(action: 'load' | 'save' | 'touch', error: unknown, retryable: boolean): RainClientError {
    this.stats.storeErrors++;
    this.logger.error(`Session ${action} failed: ${String(error)}`);
    return unavailable(action, retryable);
  }

  // --- the store lost sessions ---

  /** After the store lost sessions (or may have): this node writes back its sockets' ones. */
  private async recover(lostAt: number): Promise<void> {
    const before = this.stats.writeBacks;
    const copies = () => {
      const bySid = new Map<string, Session[]>();
      for (const sid of this.entries.keys()) bySid.set(sid, this.copiesOf(sid));
      return bySid;
    };
    const failed = (error: unknown, retryIn: number | undefined) => {
      this.stats.storeErrors++;
      this.logger.warn(writeBackFailedMessage(error instanceof Error ? error.message : String(error), retryIn));
    };
    const destroyed = await this.writeBack!.recoverPatiently(lostAt, copies, failed, () => this.timer !== undefined);
    for (const sid of destroyed) this.expire(sid, 'destroyed');
    const written = this.stats.writeBacks - before;
    if (written > 0) this.logger.warn(writtenBackMessage(written));
  }

  /** This node's copies of a session: one per socket (each socket holds its own). */
  private copiesOf(sid: string, also?: Session): Session[] {
    const copies = new Set<Session>();
    if (also) copies.add(also);
    for (const socket of this.entries.get(sid)?.sockets ?? []) {
      const session = (socket.request as HandshakeRequest).session;
      if (session) copies.add(session);
    }
    return [...copies];
  }

  // --- expiry ---

  /** Keeps sessions of active sockets alive in the store, and finds the ones that expired. */
  private async sweep(): Promise<void> {
    const now = Date.now();
    const coordinator = this.coordinator!;
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
          session.touch();
          if (!(await coordinator.touch(entry.sid, session))) await this.lost(session);
        } else if (isPast(session.cookie.expires) && !(await coordinator.load(entry.sid))) {
          await this.lost(session);
        }
      } catch (error) {
        if (error instanceof RainClientError) continue; // expired: its sockets were told
        entry.active = true; // not touched: try again at the next sweep
        this.stats.storeErrors++;
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

const expired = () => new RainClientError('session_expired', sessionExpiredMessage());

/** `retryable`: the event did not run (its client may send it again as it is). */
const unavailable = (action: 'load' | 'save' | 'touch', retryable: boolean) =>
  new RainClientError('session_store_unavailable', sessionStoreUnavailableMessage(action), { retryable });
