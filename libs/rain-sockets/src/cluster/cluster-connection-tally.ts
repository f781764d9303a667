import { Logger } from '@nestjs/common';
import type { RainConnectionTally } from '../security/connection-tally.interface.js';
import { limitsDegradedMessage, limitsRestoredMessage, redisTimeoutMessage } from './cluster.messages.js';
import type { ClusterRedis } from './cluster-redis.js';
import type { ClusterSettings } from './cluster-settings.js';
import { ASSERT, REMOVE, TRY_ADD } from './connection-tally.scripts.js';
import { withDeadline } from './deadline.js';

/** How long a key's counts live in Redis without being written again (ms); each node rewrites its own every half of it. */
const TALLY_TTL = 60 * 60_000;

/**
 * The connection caps counted across the cluster (the default RainConnectionTally with the
 * `cluster` option): per key, a hash of node id → sockets that node holds, checked and
 * counted in one Lua step against the live nodes only (a killed node's sockets stop counting
 * once its record expires, as for the connection count). rate-limiter-flexible counts events
 * in windows; a cap counts sockets that are open, which must be given back, and forgotten
 * when their node dies: hence a script of our own.
 *
 * While Redis is away each node holds the cap on its own sockets (fail open to the node's
 * limit, logged once), and writes what it holds once Redis is back.
 */
export class ClusterConnectionTally implements RainConnectionTally {
  private readonly logger = new Logger('RainSockets cluster');
  /** Sockets this node holds per key. */
  private readonly held = new Map<string, number>();
  private readonly nodesKey: string;
  private degraded = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly settings: ClusterSettings,
    private readonly redis: ClusterRedis,
    private readonly nodeId: string,
  ) {
    this.nodesKey = `${settings.keyPrefix}nodes`;
    redis.onBack(() => void this.assertAll());
  }

  async tryAdd(key: string, limit: number): Promise<boolean> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.assertAll(), TALLY_TTL / 2);
      this.timer.unref();
    }
    let added: boolean;
    if (!this.redis.allReady) {
      this.degrade(new Error('Redis is unreachable'));
      added = this.locally(key, limit);
    } else {
      try {
        const reply = await withDeadline(
          this.redis.store.eval(TRY_ADD, { keys: [this.redisKey(key), this.nodesKey], arguments: [this.nodeId, String(limit), String(TALLY_TTL)] }),
          this.settings.commandTimeout,
          () => new Error(redisTimeoutMessage('EVAL', this.settings.commandTimeout)),
        );
        added = Number(reply) === 1;
        if (this.degraded) this.restored();
      } catch (error) {
        this.degrade(error);
        added = this.locally(key, limit);
      }
    }
    if (added) this.held.set(key, (this.held.get(key) ?? 0) + 1);
    return added;
  }

  remove(key: string): void {
    const count = this.held.get(key);
    if (count === undefined) return;
    if (count <= 1) this.held.delete(key);
    else this.held.set(key, count - 1);
    if (!this.redis.allReady) return;
    this.redis.store.eval(REMOVE, { keys: [this.redisKey(key)], arguments: [this.nodeId] }).catch(() => undefined);
  }

  close(): void {
    clearInterval(this.timer);
  }

  /** The node's own cap while Redis is away: its sockets only (counted with the others once it is back). */
  private locally(key: string, limit: number): boolean {
    return (this.held.get(key) ?? 0) < limit;
  }

  /** Writes every count this node holds (after Redis was away, and to keep the keys alive). */
  private async assertAll(): Promise<void> {
    if (!this.redis.allReady) return;
    const writes = [...this.held].map(([key, count]) =>
      this.redis.store.eval(ASSERT, { keys: [this.redisKey(key)], arguments: [this.nodeId, String(count), String(TALLY_TTL)] }),
    );
    await Promise.all(writes).then(
      () => this.degraded && this.restored(),
      () => undefined,
    );
  }

  private degrade(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(limitsDegradedMessage('connection caps', error instanceof Error ? error.message : String(error)));
  }

  private restored(): void {
    this.degraded = false;
    this.logger.log(limitsRestoredMessage('connection caps'));
  }

  private redisKey(key: string): string {
    return `${this.settings.keyPrefix}conn:${key}`;
  }
}
