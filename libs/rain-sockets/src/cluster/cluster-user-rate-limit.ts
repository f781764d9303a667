import { Logger } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RainTokenBucket } from '../security/security-options.interface.js';
import type { SharedUserLimit } from '../security/shared-user-limit.interface.js';
import { limitsDegradedMessage, limitsRestoredMessage } from './cluster.messages.js';
import type { ClusterRedis } from './cluster-redis.js';
import type { ClusterSettings } from './cluster-settings.js';
import { withDeadline } from './deadline.js';

/** Where a user stood cluster-wide when this node last heard from Redis. */
interface Standing {
  remaining: number;
  resetAt: number;
}

/**
 * `rateLimit.perUser` across the nodes, with rate-limiter-flexible's RateLimiterRedis: a
 * window of about `burst / perSecond` seconds (whole seconds) that lets `burst` events
 * through, shared by every node, on top of each node's own token bucket.
 *
 * An event is decided at once, from what this node knows: the user's remaining points as of
 * the last answer from Redis, less what it let through since. The events let through are
 * reported in batches (one command per user per event-loop turn), and the answer updates what
 * the node knows; a socket's admission fetches where its user stands first. So the cluster
 * lets a user through at most its window's points, plus what the other nodes let through
 * within one Redis round trip.
 *
 * Redis away: fail open to each node's own bucket (logged once, and once when it holds again).
 */
export class ClusterUserRateLimit implements SharedUserLimit {
  private readonly logger = new Logger('RainSockets cluster');
  private limiter?: RateLimiterRedis;
  private readonly standings = new Map<string, Standing>();
  private pending = new Map<string, number>();
  private scheduled = false;
  private degraded = false;
  private readonly points: number;
  private readonly duration: number;

  constructor(
    bucket: RainTokenBucket,
    private readonly settings: ClusterSettings,
    private readonly redis: ClusterRedis,
  ) {
    this.duration = Math.max(1, Math.ceil(bucket.burst / bucket.perSecond));
    this.points = Math.max(Math.floor(bucket.burst), Math.floor(bucket.perSecond * this.duration));
  }

  async prime(user: string): Promise<void> {
    if (!this.redis.allReady) return;
    try {
      const res = await withDeadline(this.store().get(user), this.settings.commandTimeout, () => new Error('late'));
      if (res) this.learn(user, Math.max(0, this.points - res.consumedPoints), res.msBeforeNext, Date.now());
    } catch {
      // Unknown: decided by the node's bucket until the first report answers.
    }
  }

  charge(user: string, now: number): number {
    const standing = this.standings.get(user);
    if (standing !== undefined) {
      if (now >= standing.resetAt) this.standings.delete(user);
      else if (standing.remaining <= 0) return standing.resetAt - now;
      else standing.remaining--;
    }
    this.pending.set(user, (this.pending.get(user) ?? 0) + 1);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.report);
    }
    return 0;
  }

  private readonly report = (): void => {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = new Map();
    if (!this.redis.allReady) return this.degrade('Redis is unreachable');
    for (const [user, count] of batch) {
      this.store()
        .consume(user, count)
        .then(
          (res) => {
            if (this.degraded) this.restored();
            this.learn(user, res.remainingPoints, res.msBeforeNext, Date.now());
          },
          (refusal: unknown) => {
            if (refusal instanceof RateLimiterRes) this.learn(user, 0, refusal.msBeforeNext, Date.now());
            else this.degrade(refusal instanceof Error ? refusal.message : String(refusal));
          },
        );
    }
  };

  private learn(user: string, remaining: number, msBeforeNext: number, now: number): void {
    // What this node let through since the command left is already in `remaining`, or in the next report.
    this.standings.set(user, { remaining: remaining - (this.pending.get(user) ?? 0), resetAt: now + msBeforeNext });
  }

  /** Created on first use: the options are validated by then. */
  private store(): RateLimiterRedis {
    this.limiter ??= new RateLimiterRedis({
      storeClient: this.redis.store,
      useRedisPackage: true,
      keyPrefix: `${this.settings.keyPrefix}rate:user`,
      points: this.points,
      duration: this.duration,
    });
    return this.limiter;
  }

  private degrade(cause: string): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(limitsDegradedMessage('per-user rate limits', cause));
  }

  private restored(): void {
    this.degraded = false;
    this.logger.log(limitsRestoredMessage('per-user rate limits'));
  }
}
