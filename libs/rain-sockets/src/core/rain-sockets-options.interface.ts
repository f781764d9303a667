import type { CanActivate, Type } from '@nestjs/common';
import type { ServerOptions } from 'socket.io';
import type { RainSessionOptions } from '../session/session-options.interface.js';
import type { RainIdleOptions } from '../idle/idle-options.interface.js';
import type { RainPresenceOptions } from '../presence/presence-options.interface.js';
import type { RainClientBundleOptions } from '../client-bundle/client-bundle.options.js';
import type {
  RainAllowedOrigins,
  RainConnectionLimitOptions,
  RainRateLimitOptions,
  RainSlowConsumerOptions,
} from '../security/security-options.interface.js';
import type { RainClusterOptions } from '../cluster/cluster-options.interface.js';
import type { RainTelemetryOptions } from '../telemetry/telemetry-options.interface.js';
import type { RainDashboardOptions } from '../dashboard/dashboard-options.interface.js';

/**
 * The options of `RainSocketsModule.forRoot(options)` and of `forRootAsync()`'s factory.
 * Every one is optional: `forRoot()` alone serves component sockets with every default
 * (sessions off, one node, the security limits on). Each is checked at start-up.
 */
export interface RainSocketsOptions {
  /** socket.io's HTTP path. Default `/socket.io`; change it if a Nest gateway already uses that path. */
  path?: string;
  /** Put before every component namespace: `/rain` serves `/rain/chat/1.0.0/chat`. Default: none. */
  namespacePrefix?: string;
  /** Guards that run at every handshake of every component socket, before `handle()`. */
  connectionGuards?: (Type<CanActivate> | CanActivate)[];
  /**
   * Passed to socket.io's `Server` as they are (cors, pingInterval, maxHttpBufferSize, ...),
   * except `path`, which is the option above.
   */
  socketIo?: Partial<Omit<ServerOptions, 'path'>>;
  /**
   * The express-session shared by HTTP and sockets: express-session's own options, or the
   * middleware the app already uses for HTTP. `false` turns sessions off. Default: off.
   */
  session?: RainSessionOptions | false;
  /**
   * A handler (and its session save) that has not finished after this many ms is answered
   * with a `timeout` error, so a client never waits forever. Default 30000; 0 turns it off.
   */
  handlerTimeout?: number;
  /** On shutdown, how long running handlers may take to finish before sockets are closed. Default 10000 ms. */
  shutdownTimeout?: number;
  /** Idle eviction: when `maxConnections` sockets are admitted, the longest idle are disconnected. Default: off. */
  idle?: RainIdleOptions;
  /** Serve rain-client's browser bundle at `GET /rain/client.js` (global `RainClient`). Default true; false: 404. */
  clientBundle?: boolean | RainClientBundleOptions;
  /** Presence across nodes: heartbeats and when a silent node's presences are removed. Defaults suit most apps. */
  presence?: RainPresenceOptions;
  /**
   * Page origins whose scripts may open sockets; a handshake from another is refused (HTTP 403)
   * before its session is touched. Default: the app's own origin (the request's Host). `'*'`: any.
   */
  allowedOrigins?: RainAllowedOrigins;
  /** Events per connection and per user (token buckets); over: `rate_limited`. Default on; false: off. */
  rateLimit?: RainRateLimitOptions | false;
  /** Sockets per user (default 20) and per address (default off); over: `too_many_connections`. false: off. */
  connectionLimit?: RainConnectionLimitOptions | false;
  /** The largest message a client may send, in bytes; a larger one closes its connection. Default 1000000. */
  maxHttpBufferSize?: number;
  /** Messages nested deeper than this are refused with `payload_too_deep`, unparsed. Default 64; 0: no limit. */
  maxPayloadDepth?: number;
  /** A client that stays `maxBufferedBytes` behind for `grace` ms is disconnected. Default 1 MiB, 5000 ms; false: off. */
  slowConsumer?: RainSlowConsumerOptions | false;
  /**
   * Several nodes behind one Redis: socket.io's Redis adapter with connection state recovery
   * (clients of a node that dies or drains recover on another), the cluster's session store
   * (when `session` names none; concurrent writes from every node merged), cluster-wide
   * connection caps and per-user rate limit, and a cluster-wide connection count. Default: off (one process).
   */
  cluster?: RainClusterOptions;
  /**
   * OpenTelemetry metrics and traces (`@opentelemetry/api`, an optional peer), and a
   * Prometheus route. `true`: metrics and traces to the global providers. Default: off
   * (nothing is timed, wrapped or counted per event).
   */
  telemetry?: RainTelemetryOptions | boolean;
  /** A live page for operators, behind a guard of the app: `{ guard }`. Default: off. */
  dashboard?: RainDashboardOptions | false;
}
