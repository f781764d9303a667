import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import type { RainConnectionTally } from './connection-tally.interface.js';

/**
 * The page origins whose scripts may open sockets (the browser's `Origin` header of the
 * handshake). `'*'`: any. A list: exactly those origins (`https://app.example.com`). A function:
 * your decision, given the header (undefined when absent) and the handshake request.
 * Default: the app's own origin, i.e. the `Host` the request was sent to.
 */
export type RainAllowedOrigins =
  | '*'
  | string[]
  | ((origin: string | undefined, request: IncomingMessage) => boolean | Promise<boolean>);

/** A token bucket: `burst` events at once, refilled at `perSecond` events per second. */
export interface RainTokenBucket {
  burst: number;
  perSecond: number;
}

/** Who a socket belongs to, for limits shared by all of one user's sockets. Undefined: no such limit for it. */
export type RainUserKey = (socket: Socket) => string | undefined;

/** Events a client may send, per connection and per user; over the limit an event is answered `rate_limited`. */
export interface RainRateLimitOptions {
  /** Every connection's own budget. Default `{ burst: 100, perSecond: 50 }`; false: none. */
  perConnection?: RainTokenBucket | false;
  /**
   * The budget all sockets of one user share (on every node, with the `cluster` option).
   * Default `{ burst: 200, perSecond: 100 }`; false: none.
   */
  perUser?: RainTokenBucket | false;
  /** Budgets of single events, per connection, on top of the others: `{ 'new-message': { burst: 5, perSecond: 1 } }`. */
  events?: Record<string, RainTokenBucket>;
  /** The user of a socket, read once it is connected. Default: its session id (none without sessions). */
  userKey?: RainUserKey;
  /** A socket whose events are refused this many times in a row is disconnected. Default 50; 0: never. */
  disconnectAfter?: number;
}

/** How many sockets one user, and one address, may hold at once; over the cap: `connect_error` `too_many_connections`. */
export interface RainConnectionLimitOptions {
  /** Sockets per user (e.g. browser tabs times component sockets). Default 20; false: no cap. */
  perUser?: number | false;
  /** Sockets per client address. Default false (off: behind a proxy every client has the proxy's address). */
  perAddress?: number | false;
  /** The user of a handshake (it runs before the connection guards). Default: the session id. */
  userKey?: RainUserKey;
  /** The client's address. Default `socket.handshake.address` (the TCP peer). Behind a proxy, read its header here. */
  address?: (socket: Socket) => string | undefined;
  /**
   * Where sockets are counted. Default: this process (LocalConnectionTally); with the `cluster`
   * option, every node's, in Redis. A tally of your own goes here.
   */
  tally?: RainConnectionTally;
}

/** A client that does not read what the server sends is disconnected before its queue eats the memory. */
export interface RainSlowConsumerOptions {
  /** Bytes queued for one connection beyond which it counts as behind. Default 1 MiB. */
  maxBufferedBytes: number;
  /** How long (ms) a connection may stay behind before it is disconnected. Default 5000. */
  grace?: number;
}
