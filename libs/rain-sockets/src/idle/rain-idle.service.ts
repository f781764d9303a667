import { Injectable } from '@nestjs/common';
import { IdleEvictionExtension } from './idle-eviction.extension.js';
import type { RainEvictionInfo } from './idle-options.interface.js';

/** What app code can see of idle eviction: counters, an eviction listener, and a sweep on demand. */
@Injectable()
export class RainIdleService {
  constructor(private readonly extension: IdleEvictionExtension) {}

  /** Whether eviction is on (`idle.maxConnections` set) and the server has started. */
  get enabled(): boolean {
    return this.extension.enabled;
  }

  /** Sockets evicted for idleness since start. */
  get evictions(): number {
    return this.extension.stats.evictions;
  }

  /** Connections refused with `server full` since start. */
  get refused(): number {
    return this.extension.stats.refused;
  }

  /** Component sockets tracked on this node. */
  get connections(): number {
    return this.extension.connections;
  }

  /**
   * Calls `listener` as each eviction starts (besides the `idle.onEvicted` option): the socket has
   * been told and no longer counts, and is disconnected once its client confirms (at most 2 s
   * later). Returns the unsubscribe.
   */
  onEvicted(listener: (info: RainEvictionInfo) => void): () => void {
    this.extension.listeners.add(listener);
    return () => this.extension.listeners.delete(listener);
  }

  /** Runs a sweep now instead of waiting for the interval; resolves with how many sockets it evicted. */
  sweep(): Promise<number> {
    return this.extension.sweep();
  }
}
