import type { RainConnectionTally } from './connection-tally.interface.js';

/** Open sockets per key in this process: the default RainConnectionTally. */
export class LocalConnectionTally implements RainConnectionTally {
  private readonly counts = new Map<string, number>();

  tryAdd(key: string, limit: number): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= limit) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  remove(key: string): void {
    const count = this.counts.get(key);
    if (count === undefined) return;
    // Keys with no socket are dropped, so that a million passing users leave nothing behind.
    if (count <= 1) this.counts.delete(key);
    else this.counts.set(key, count - 1);
  }

  /** Keys with at least one socket counted (for tests and metrics). */
  get size(): number {
    return this.counts.size;
  }
}
