import type { RequestHandler } from 'express';
import type { SessionOptions } from 'express-session';

export interface RainSessionExtras {
  /**
   * true: a handshake whose cookie does not select a stored session (none, forged,
   * signed with another secret, expired) is refused with `connect_error`
   * `session_required`. false (default): such a socket gets a fresh session.
   */
  requireSession?: boolean;
  /** Keep-alive route: touches the session and answers its expiry. Default `/core/controller/cookie`; false: off. */
  keepAlivePath?: string | false;
  /** Whether the session guard and save interceptor act on component sockets by default (true). */
  perSocket?: boolean;
  /**
   * How a socket's session is kept current before each event. `local`: reload only when this
   * node wrote it since (cheap; right on one node). `always`: reload from the store on every
   * event (right across nodes, one read per event). Default: `local` with the MemoryStore;
   * with the cluster's Redis store, reload only when Redis reported a change by another
   * writer (client-side tracking: no read for an event when nothing changed); `always` with
   * any other store.
   */
  freshness?: 'local' | 'always';
  /** How often sessions of connected sockets are checked for expiry, in ms. Default 5000. */
  expiryCheckInterval?: number;
  /** Whether RainSocketsModule mounts the session middleware on HTTP routes too. Default true. */
  mountOnHttp?: boolean;
}

/** express-session's own options plus ours. `secret` is required. */
export interface RainSessionConfig extends SessionOptions, RainSessionExtras {}

/** An express-session middleware the app already uses for HTTP, plus ours. */
export interface RainSessionMiddlewareConfig extends RainSessionExtras {
  middleware: RequestHandler;
}

export type RainSessionOptions = RainSessionConfig | RainSessionMiddlewareConfig;
