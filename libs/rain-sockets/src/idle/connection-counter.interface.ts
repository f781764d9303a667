import type { Socket } from 'socket.io';

/** Injection token of the RainConnectionCounter idle eviction measures the limit with. */
export const RAIN_CONNECTION_COUNTER = Symbol('rain-sockets:connection-counter');

/**
 * How many connections are admitted, for the idle limit. The default counts this
 * process's sockets; a cluster-wide one (e.g. in Redis) counts every node's and must
 * forget a dead node's. `add`/`remove` are fire-and-forget: they must not throw.
 */
export interface RainConnectionCounter {
  /** A component socket was admitted on this node. */
  add(socket: Socket): void;
  /** A socket `add` saw left (disconnected or evicted); called once per `add`. */
  remove(socket: Socket): void;
  /** The admitted connections the limit applies to. If it throws or rejects, this node's own count is used (and the error logged). */
  count(): number | Promise<number>;
}
