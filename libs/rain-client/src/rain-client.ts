import { Manager, type Socket } from 'socket.io-client';
import { type ComponentContext, createComponentContext } from './component-context.js';
import { KeepAlive } from './keep-alive.js';
import { LocalMessageBus, type MessageBus } from './message-bus.js';
import { checkName, componentNamespace } from './namespace.js';
import {
  CONTROL_EVENTS,
  DEFAULT_KEEP_ALIVE_PATH,
  DEFAULT_SOCKET_PATH,
  SESSION_EXPIRED_EVENT,
  SESSION_INFO_EVENT,
  SESSION_REQUIRED_CODE,
} from './protocol.js';
import { DEFAULT_KEEP_ALIVE_LEAD, type RainClientOptions } from './rain-client-options.js';
import { clientClosedMessage, invalidUrlMessage, noUrlMessage } from './rain-client.messages.js';
import { ReconnectOnEmit } from './reconnect-on-emit.js';
import { FAILOVER_RECONNECTION } from './failover.js';
import { RetryRetryable } from './retry-retryable.js';

/** RAIN's client runtime: component contexts, their sockets, the app-wide bus, the session keep-alive. */
export interface RainClient {
  /** The context of a component: `rain.component('chat', '1.0.0').messaging.getSocket('chat')`. */
  component(id: string, version: string): ComponentContext;
  /** The app-wide bus (the same one every context's `messaging` uses). */
  readonly messaging: MessageBus;
  /** Disconnects every socket and stops the keep-alive; pending acks get `client_closed`. */
  close(): void;
}

/** Creates the runtime. Nothing connects until a context asks for a socket. */
export function createRainClient(options: RainClientOptions = {}): RainClient {
  return new RainClientRuntime(options);
}

class RainClientRuntime implements RainClient {
  readonly messaging: LocalMessageBus;
  private readonly origin: string;
  private readonly keepAlive: KeepAlive;
  private readonly sockets = new Map<string, { socket: Socket; delivery: ReconnectOnEmit; retry?: RetryRetryable }>();
  private readonly contexts = new Map<string, ComponentContext>();
  private manager?: Manager;
  private closed = false;

  constructor(private readonly options: RainClientOptions) {
    const onError = options.onError ?? ((error: unknown, message: string) => console.error(message, error));
    this.messaging = new LocalMessageBus(onError);
    this.origin = resolveOrigin(options.url);
    const keepAlivePath = options.keepAlivePath ?? DEFAULT_KEEP_ALIVE_PATH;
    this.keepAlive = new KeepAlive({
      url: keepAlivePath === false ? undefined : new URL(keepAlivePath, this.origin).href,
      lead: options.keepAliveLead ?? DEFAULT_KEEP_ALIVE_LEAD,
      headers: options.headers,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      expired: (payload) => this.messaging.publish(SESSION_EXPIRED_EVENT, payload),
      failed: (error) => onError(error, (error as Error).message),
    });
  }

  component(id: string, version: string): ComponentContext {
    checkName('component id', id);
    checkName('component version', version);
    const key = `${id}/${version}`;
    let context = this.contexts.get(key);
    if (!context) {
      context = createComponentContext(id, version, this.messaging, (channel) => this.socket(id, version, channel));
      this.contexts.set(key, context);
    }
    return context;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.keepAlive.stop();
    for (const { delivery, retry } of this.sockets.values()) {
      retry?.close();
      delivery.close();
    }
    this.sockets.clear();
  }

  private socket(id: string, version: string, channel: string): Socket {
    const namespace = componentNamespace(this.options.namespacePrefix, id, version, channel);
    const known = this.sockets.get(namespace);
    if (known) return known.socket;
    if (this.closed) throw new Error(clientClosedMessage(`getSocket(${JSON.stringify(channel)})`));
    const socket = this.connection().socket(namespace, { auth: this.options.socket?.auth });
    const delivery = new ReconnectOnEmit(
      socket,
      (error) => {
        if (error.data?.code === SESSION_REQUIRED_CODE) this.keepAlive.lost({ reason: 'expired' });
      },
      this.options.traceContext,
    );
    // Outermost, so that each resend goes through reconnect-on-emit like a new emit.
    const retry = this.options.retry === false ? undefined : new RetryRetryable(socket, this.options.retry);
    socket.on(SESSION_INFO_EVENT, (info: { expires?: string | null }) => this.keepAlive.learn(info?.expires));
    socket.on(SESSION_EXPIRED_EVENT, (payload: { reason?: string }) => this.keepAlive.lost({ reason: payload?.reason ?? 'expired' }));
    socket.onAny(this.noteActivity);
    socket.onAnyOutgoing(this.noteActivity);
    this.sockets.set(namespace, { socket, delivery, retry });
    socket.connect();
    return socket;
  }

  /** One connection per client: socket.io multiplexes every channel's namespace on it. */
  private connection(): Manager {
    if (this.manager) return this.manager;
    const { retries: _retries, ...socketOptions } = (this.options.socket ?? {}) as Record<string, unknown>;
    this.manager = new Manager(this.origin, {
      // Websocket first; polling when a proxy refuses the upgrade.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      withCredentials: true,
      ...FAILOVER_RECONNECTION,
      ...socketOptions,
      extraHeaders: { ...(socketOptions.extraHeaders as Record<string, string>), ...this.options.headers },
      path: this.options.path ?? DEFAULT_SOCKET_PATH,
      autoConnect: false,
    });
    return this.manager;
  }

  // One listener for every socket and event: it only sets a flag.
  private readonly noteActivity = (event: string) => {
    if (!CONTROL_EVENTS.has(event)) this.keepAlive.markActive();
  };
}

function resolveOrigin(url: string | undefined): string {
  if (url === undefined) {
    const page = (globalThis as { location?: { origin?: string } }).location?.origin;
    if (!page || page === 'null') throw new TypeError(noUrlMessage());
    return page;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(invalidUrlMessage(url));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new TypeError(invalidUrlMessage(url));
  return parsed.origin;
}
