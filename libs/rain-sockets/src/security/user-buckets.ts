import type { RainTokenBucket } from './security-options.interface.js';
import { TokenBucket } from './token-bucket.js';

export interface UserBucket {
  readonly key: string;
  readonly bucket: TokenBucket;
  sockets: number;
}

/**
 * The buckets each user's sockets share. A user's bucket outlives its last socket until it
 * is full again, so that reconnecting does not buy a fresh budget.
 */
export class UserBuckets {
  private readonly entries = new Map<string, UserBucket>();

  constructor(private readonly limit: RainTokenBucket) {}

  acquire(key: string, now: number): UserBucket {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, bucket: new TokenBucket(this.limit, now), sockets: 0 };
      this.entries.set(key, entry);
    }
    entry.sockets++;
    return entry;
  }

  release(entry: UserBucket, now: number): void {
    entry.sockets--;
    if (entry.sockets <= 0 && entry.bucket.isFull(now)) this.entries.delete(entry.key);
  }

  /** Drops buckets of users without sockets that are full again. */
  sweep(now: number): void {
    for (const entry of this.entries.values()) {
      if (entry.sockets <= 0 && entry.bucket.isFull(now)) this.entries.delete(entry.key);
    }
  }
}
