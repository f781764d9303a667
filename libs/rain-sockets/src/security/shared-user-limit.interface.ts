/** Injection token of the per-user rate limit the nodes of a cluster share (none on one node). */
export const RAIN_SHARED_USER_LIMIT = Symbol('rain-sockets:shared-user-limit');

/**
 * The `rateLimit.perUser` budget counted across every node, on top of each node's own bucket.
 * `charge` is on the hot path: synchronous, it decides from what this node last heard from
 * the others, and reports the event to them afterwards.
 */
export interface SharedUserLimit {
  /** Before a user's socket is admitted: learn where the user stands cluster-wide. Never rejects. */
  prime(user: string): Promise<void>;
  /** Counts one event of `user`; 0 when it may go on, else the ms until it may. */
  charge(user: string, now: number): number;
}
