import { Inject, Injectable, Optional } from '@nestjs/common';
import { ClusterExtension } from '../cluster/cluster.extension.js';
import { ClusterRedis } from '../cluster/cluster-redis.js';
import type { ClusterSettings } from '../cluster/cluster-settings.js';
import { CLUSTER_SETTINGS } from '../cluster/cluster.tokens.js';
import { withDeadline } from '../cluster/deadline.js';
import { describeError } from '../core/describe-error.js';
import { probeTimedOutMessage } from './health.messages.js';

/** What one look at Redis found. */
export interface ClusterProbeResult {
  /** The node records' connection, and the sessions' when sessions use the cluster's store, answered PING. */
  redis: boolean;
  /** The adapter's connection is up and answered PING in time. */
  adapter: boolean;
  /** The adapter connection's PING round trip, ms (absent when it failed). */
  latencyMs?: number;
  /** Streams adapter: how far this node's reading of the stream is behind its newest entry, ms. */
  lagMs?: number;
  /** Why a part is down. */
  error?: string;
}

/**
 * Looks at the cluster's Redis on demand, for the health indicator and the Redis metrics:
 * a PING on each connection (the adapter's goes through its own queue, so a backlog there
 * shows as latency) and, with the streams adapter, the stream's newest entry against the
 * one this node read last. Every command has `commandTimeout` to answer.
 */
@Injectable()
export class ClusterProbe {
  private readonly startedAt = Date.now();

  constructor(
    @Inject(CLUSTER_SETTINGS) private readonly settings: ClusterSettings | undefined,
    private readonly cluster: ClusterExtension,
    @Optional() @Inject(ClusterRedis) private readonly redis?: ClusterRedis,
  ) {}

  /** Whether there is a cluster (and so a Redis) to look at. */
  get clustered(): boolean {
    return this.settings !== undefined && this.redis !== undefined;
  }

  async probe(): Promise<ClusterProbeResult> {
    const { settings, redis } = this;
    if (!settings || !redis) return { redis: true, adapter: true };
    const deadline = <T>(running: Promise<T>) =>
      withDeadline(running, settings.commandTimeout, () => new Error(probeTimedOutMessage(settings.commandTimeout)));
    const result: ClusterProbeResult = { redis: false, adapter: false };
    const errors: string[] = [];
    result.redis = true;
    for (const [name, client] of redis.dataConnections()) {
      try {
        await deadline(client.ping());
      } catch (error) {
        result.redis = false;
        errors.push(`${name} connection: ${describeError(error)}`);
      }
    }
    if (redis.ready) {
      const started = performance.now();
      try {
        await deadline(redis.main.ping());
        result.latencyMs = performance.now() - started;
        result.adapter = true;
      } catch (error) {
        errors.push(`adapter connection: ${describeError(error)}`);
      }
    } else {
      errors.push('adapter connection: not connected');
    }
    if (settings.adapter === 'streams' && result.redis) {
      try {
        result.lagMs = await this.streamLag(deadline);
      } catch (error) {
        errors.push(`stream: ${describeError(error)}`);
      }
    }
    if (errors.length) result.error = errors.join('; ');
    return result;
  }

  private async streamLag(deadline: <T>(running: Promise<T>) => Promise<T>): Promise<number> {
    const newest = await deadline(this.redis!.store.xRevRange(`${this.settings!.keyPrefix}socket.io`, '+', '-', { COUNT: 1 }));
    const tip = newest[0]?.id;
    if (!tip) return 0;
    const read = this.cluster.readOffset || `${this.startedAt}-0`;
    return compareIds(tip, read) > 0 ? Math.max(0, idTime(tip) - idTime(read)) : 0;
  }
}

/** A stream entry id's time part (ms). */
function idTime(id: string): number {
  return Number(id.split('-')[0]) || 0;
}

function compareIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am - bm || as - bs;
}
