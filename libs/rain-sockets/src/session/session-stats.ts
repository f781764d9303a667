/**
 * Counters of the session store traffic of this node, for metrics: only ever incremented,
 * read them as often as you like (`RainSessionService.stats`).
 */
export interface RainSessionStats {
  /** Sessions loaded from the store (handshakes, HTTP requests, events that had to reload). */
  loads: number;
  /** Session writes the store acknowledged. */
  saves: number;
  /** Keys a write overwrote that another writer had changed since this writer loaded them (last write won). */
  conflicts: number;
  /** Store operations that failed (unreachable, timed out, refused). */
  storeErrors: number;
  /** Sessions of this node's sockets that the store had lost and this node wrote back. */
  writeBacks: number;
}

export const newSessionStats = (): RainSessionStats => ({ loads: 0, saves: 0, conflicts: 0, storeErrors: 0, writeBacks: 0 });
