/** Injection token of the RainConnectionTally the connection caps count with. */
export const RAIN_CONNECTION_TALLY = Symbol('rain-sockets:connection-tally');

/**
 * Counts open sockets per key (`user:<id>`, `address:<ip>`) for the connection caps. The
 * default counts this process's; a cluster-wide one (e.g. in Redis) counts every node's
 * and must forget a dead node's.
 */
export interface RainConnectionTally {
  /**
   * Counts one more socket under `key` unless `limit` are counted already; resolves whether
   * it counted. Must be atomic: concurrent handshakes of one user must not all pass. A
   * rejection admits the connection (and is logged).
   */
  tryAdd(key: string, limit: number): boolean | Promise<boolean>;
  /** Un-counts one socket `tryAdd` counted under `key`. Fire-and-forget: must not throw. */
  remove(key: string): void;
}
