import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { RainRetryOptions } from './retry-retryable.js';

/** The options of `createRainClient(options)`; every one is optional in a browser. */
export interface RainClientOptions {
  /**
   * The server's origin, e.g. `http://localhost:3000`. Default: the page's own origin,
   * so the sockets share the page's cookie. Required outside a browser.
   */
  url?: string;
  /** socket.io's HTTP path, as the server's `path` option. Default `/socket.io`. */
  path?: string;
  /** Put before every namespace, as the server's `namespacePrefix` option. Default: none. */
  namespacePrefix?: string;
  /** The keep-alive route (seed 001), relative to `url`. Default `/core/controller/cookie`; false: never called. */
  keepAlivePath?: string | false;
  /**
   * How long before the session cookie expires the runtime decides between a keep-alive
   * call (there was socket activity) and `session_expired` (there was none), in ms.
   * Default 30000; a cookie that lives less than twice that is checked halfway.
   */
  keepAliveLead?: number;
  /**
   * Extra headers for the socket handshakes and the keep-alive call. For Node, where no
   * browser sends the cookie: `{ cookie: 'connect.sid=...' }`. Browsers ignore it for websockets.
   */
  headers?: Record<string, string>;
  /**
   * socket.io-client's own options, for anything not covered here (reconnection delays,
   * `auth`, ...). `retries` is not supported: reconnect-on-emit replaces it.
   */
  socket?: Partial<Omit<ManagerOptions & SocketOptions, 'retries' | 'path' | 'autoConnect'>>;
  /** Where failures nobody else can receive go: a throwing subscriber, a failed keep-alive. Default `console.error`. */
  onError?: (error: unknown, message: string) => void;
  /**
   * Emits with an ack that the server answers with a retryable error (`details.retryable`:
   * the event did not run, e.g. `session_store_unavailable` while Redis restarts) are sent
   * again after a backoff. Default `{ retries: 5, delay: 200, maxDelay: 3000 }`; false: never.
   */
  retry?: RainRetryOptions | false;
  /** The fetch the keep-alive uses. Default: the global one. */
  fetch?: typeof fetch;
  /**
   * W3C trace context to send with each emit, so that the server's span for that event is a
   * child of the caller's (the server reads it with `telemetry` on). Called at every emit;
   * return undefined to send none. With `@opentelemetry/api` in the page:
   * `() => { const carrier = {}; propagation.inject(context.active(), carrier); return carrier; }`.
   * Default: none (nothing is added to emits).
   */
  traceContext?: () => TraceContextCarrier | undefined;
}

/** What `traceContext` returns: the `traceparent` (and `tracestate`) header values. */
export interface TraceContextCarrier {
  traceparent?: string;
  tracestate?: string;
}

export const DEFAULT_KEEP_ALIVE_LEAD = 30_000;
