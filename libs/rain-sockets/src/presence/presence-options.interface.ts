/** Presence across nodes. Only used when the namespaces' adapter reaches other nodes (Redis). */
export interface RainPresenceOptions {
  /** How often (ms) a node with presences tells the others it is alive. Default 1000. */
  heartbeatInterval?: number;
  /**
   * A node not heard from for this long (ms) is taken for dead and its presences are removed,
   * with `presence_diff` leaves to every client. Default 3000. A killed node's presences are
   * gone from the others within nodeTimeout + heartbeatInterval.
   */
  nodeTimeout?: number;
}
