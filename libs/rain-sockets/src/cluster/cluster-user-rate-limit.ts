import { Logger } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { RainTokenBucket } from '../security/security-options.interface.js';
import type { SharedUserLimit } from '../security/shared-user-limit.interface.js';
import { limitsDegradedMessage, limitsRestoredMessage } from './cluster.messages.js';
import type { ClusterRedis } from './cluster-redis.js';
import type { ClusterSettings } from './cluster-settings.js';
import { withDeadline } from './deadline.js';

/** What this node holds of a user's cluster-wide budget. */
interface Lease {
  /** Points taken from Redis for this node and not used yet. */
  granted: number;
  /** When those points' window ends (they are void after it). */
  grantedUntil: number;
  /** Events let through on credit, to be taken from Redis with the next request. */
  debt: number;
  /** Refused cluster-wide until then. */
  blockedUntil: number;
  asking: boolean;
}

/** Leases take this share of the budget at a time: a node holds at most 1/20 of it unused. */
const LEASE_SHARE = 20;
const SWEEP_INTERVAL = 60_000;

/**
 * `rateLimit.perUser` across the nodes, with rate-limiter-flexible's RateLimiterRedis: a
 * window of about `burst / perSecond` seconds (whole seconds) that lets `burst` events
 * through, shared by every node, on top of each node's own token bucket.
 *
 * An event is decided at once, from what this node holds: points it took from Redis ahead
 * (a lease of 1/20 of the budget at a time), or, when it has none, on credit while it asks
 * for more (one request per user in flight, several users' requests sent together). So Redis
 * is asked once per lease, not per event; a user over the budget is refused on every node
 * once one of them hears it (and a socket's admission asks first). The cluster lets a user
 * through at most its budget plus what nodes let through on credit within one round trip,
 * and at least its budget less the unused leases (1/20 of it per node).
 *
 * Redis away: fail open to each node's own bucket (logged once, and once when it holds again).
 */
export class ClusterUserRateLimit implements SharedUserLimit {
  private readonly logger = new Logger('RainSockets cluster');
  private limiter?: RateLimiterRedis;
  private readonly leases = new Map<string, Lease>();
  private asking = new Set<string>();
  private scheduled = false;
  private degraded = false;
  private readonly points: number;
  private readonly duration: number;
  private readonly share: number;
  private timer?: NodeJS.Timeout;

  constructor(
    bucket: RainTokenBucket,
    private readonly settings: ClusterSettings,
    private readonly redis: ClusterRedis,
  ) {
    this.duration = Math.max(1, Math.ceil(bucket.burst / bucket.perSecond));
    this.points = Math.max(Math.floor(bucket.burst), Math.floor(bucket.perSecond * this.duration));
    this.share = Math.max(1, Math.floor(this.points / LEASE_SHARE));
  }

  async prime(user: string): Promise<void> {
    if (!this.redis.allReady) return;
    try {
      const res = await withDeadline(this.store().get(user), this.settings.commandTimeout, () => new Error('late'));
      if (res && res.consumedPoints >= this.points) this.lease(user).blockedUntil = Date.now() + res.msBeforeNext;
    } catch {
      // Unknown: decided by the node's bucket until the first request answers.
    }
  }

  charge(user: string, now: number): number {
    const lease = this.lease(user);
    if (lease.blockedUntil > now) return lease.blockedUntil - now;
    if (lease.granted > 0 && now < lease.grantedUntil) {
      lease.granted--;
      return 0;
    }
    lease.granted = 0;
    lease.debt++;
    if (!lease.asking) this.ask(user, lease);
    return 0;
  }

  private lease(user: string): Lease {
    let lease = this.leases.get(user);
    if (!lease) {
      lease = { granted: 0, grantedUntil: 0, debt: 0, blockedUntil: 0, asking: false };
      this.leases.set(user, lease);
      if (!this.timer) {
        this.timer = setInterval(() => this.sweep(Date.now()), SWEEP_INTERVAL);
        this.timer.unref();
      }
    }
    return lease;
  }

  private ask(user: string, lease: Lease): void {
    lease.asking = true;
    this.asking.add(user);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.request);
  }

  private readonly request = (): void => {
    this.scheduled = false;
    const users = this.asking;
    this.asking = new Set();
    for (const user of users) {
      const lease = this.leases.get(user)!;
      const debt = lease.debt;
      lease.debt = 0;
      if (!this.redis.allReady) {
        lease.asking = false;
        this.degrade('Redis is unreachable');
        continue;
      }
      this.store()
        .consume(user, debt + this.share)
        .then(
          (res) => {
            if (this.degraded) this.restored();
            // Events let through on credit meanwhile are paid from the new lease.
            const left = this.share - lease.debt;
            lease.granted = Math.max(0, left);
            lease.grantedUntil = Date.now() + res.msBeforeNext;
            lease.debt = Math.max(0, -left);
            lease.asking = false;
            if (lease.debt > 0) this.ask(user, lease);
          },
          (refusal: unknown) => {
            lease.asking = false;
            lease.debt = 0;
            if (refusal instanceof RateLimiterRes) lease.blockedUntil = Date.now() + refusal.msBeforeNext;
            else this.degrade(refusal instanceof Error ? refusal.message : String(refusal));
          },
        );
    }
  };

  /** Forgets users whose lease and block are over. */
  private sweep(now: number): void {
    for (const [user, lease] of this.leases) {
      if (!lease.asking && lease.debt === 0 && lease.blockedUntil <= now && (lease.granted === 0 || lease.grantedUntil <= now)) this.leases.delete(user);
    }
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
