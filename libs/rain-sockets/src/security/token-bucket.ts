import type { RainTokenBucket } from './security-options.interface.js';

/**
 * A token bucket: full at `burst`, refilled continuously at `perSecond`. Plain numbers,
 * no timer: it refills when it is next asked.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(private readonly limit: RainTokenBucket, now: number) {
    this.tokens = limit.burst;
    this.updatedAt = now;
  }

  /** Whether one event may pass now (it takes nothing; `take` does). */
  has(now: number): boolean {
    this.refill(now);
    return this.tokens >= 1;
  }

  take(): void {
    this.tokens -= 1;
  }

  /** Milliseconds until one event may pass again. */
  retryAfter(): number {
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.limit.perSecond));
  }

  /** Whether it is full again by `now`, i.e. remembers nothing worth keeping. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.limit.burst;
  }

  private refill(now: number): void {
    const elapsed = now - this.updatedAt;
    if (elapsed <= 0) return;
    this.updatedAt = now;
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed * this.limit.perSecond) / 1000);
  }
}
