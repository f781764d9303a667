import type { Session } from 'express-session';
import type { SessionStoreCoordinator } from './session-store.coordinator.js';
import type { SessionMerging } from './session-merging.js';
import type { RainSessionStats } from './session-stats.js';

/** Destroys made this long before the store was lost are made again once it is back (ms). */
export const REDO_DESTROYS_WINDOW = 10_000;
/** Destroys remembered at most (the oldest go first). */
const REMEMBERED_DESTROYS = 10_000;
/** Sessions written back per batch (node-redis pipelines each batch). */
const BATCH = 500;
/** A failed write-back is tried again this many times, after 0.5 s, then twice as long each time. */
export const WRITE_BACK_TRIES = 5;

export type WriteBackResult = 'restored' | 'present' | 'destroyed' | 'expired';

/**
 * Keeps the sessions of this node's sockets alive when the store loses them (a Redis restart
 * without persistence, a failover to a replica that lagged behind, a FLUSHALL): this node
 * writes back its copies, joined per key by version, so that what several nodes write back
 * ends the same in any order and no acknowledged write is lost.
 *
 * Never a destroyed session: a destroy leaves a mark in the store that refuses write-backs,
 * and since a restart loses that mark too, each node destroys again what it destroyed just
 * before the loss, once the store is back. A node that writes back before the destroying
 * node destroys again is told by that second destroy (its sockets get `session_expired`).
 */
export class SessionWriteBack {
  private readonly destroyed = new Map<string, number>();

  constructor(
    private readonly coordinator: SessionStoreCoordinator,
    private readonly merging: SessionMerging,
    private readonly stats: RainSessionStats,
  ) {}

  /** A session this node destroyed (called for each destroy). */
  remember(sid: string, at = Date.now()): void {
    this.destroyed.delete(sid);
    this.destroyed.set(sid, at);
    // Maps iterate in insertion order: the first entries are the oldest.
    for (const [old, when] of this.destroyed) {
      if (this.destroyed.size <= REMEMBERED_DESTROYS && when >= at - 60 * REDO_DESTROYS_WINDOW) break;
      this.destroyed.delete(old);
    }
  }

  /**
   * `recover`, tried again while it fails (a store just back may fail again, or time out):
   * sockets that send no event would otherwise wait for it. `failed` hears of each failure and
   * of the wait before the next try (undefined: no more tries); `active` false stops it.
   */
  async recoverPatiently(
    lostAt: number,
    sessions: () => ReadonlyMap<string, Session[]>,
    failed: (error: unknown, retryInMs: number | undefined) => void,
    active: () => boolean,
  ): Promise<string[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.recover(lostAt, sessions());
      } catch (error) {
        const retryIn = attempt < WRITE_BACK_TRIES && active() ? 500 * 2 ** attempt : undefined;
        failed(error, retryIn);
        if (retryIn === undefined) return [];
        await new Promise((resolve) => setTimeout(resolve, retryIn).unref());
      }
    }
  }

  /**
   * After the store was lost at `lostAt`: destroys again what this node destroyed shortly
   * before, then writes back every session its sockets use. Returns the sessions found destroyed.
   */
  async recover(lostAt: number, sessions: ReadonlyMap<string, Session[]>): Promise<string[]> {
    const redo = [...this.destroyed].filter(([, at]) => at >= lostAt - REDO_DESTROYS_WINDOW).map(([sid]) => sid);
    await Promise.all(redo.map((sid) => this.destroyAgain(sid)));
    const destroyed: string[] = [];
    const entries = [...sessions];
    for (let i = 0; i < entries.length; i += BATCH) {
      const results = await Promise.all(entries.slice(i, i + BATCH).map(([sid, copies]) => this.writeBack(sid, copies)));
      results.forEach((result, j) => result === 'destroyed' && destroyed.push(entries[i + j]![0]));
    }
    return destroyed;
  }

  /** Writes back one session from this node's copies of it. */
  async writeBack(sid: string, copies: Session[]): Promise<WriteBackResult> {
    if (this.destroyed.has(sid)) return 'destroyed';
    const copy = this.coordinator.joinCopies(copies);
    if (!copy) return 'expired';
    const outcome = await this.merging.restore(sid, copy);
    if (outcome.destroyed) return 'destroyed';
    if (outcome.restored === 0) return 'present';
    this.stats.writeBacks++;
    return 'restored';
  }

  private destroyAgain(sid: string): Promise<void> {
    return new Promise((resolve) => this.coordinator.store.destroy(sid, () => resolve()));
  }
}
