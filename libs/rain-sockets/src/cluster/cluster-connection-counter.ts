import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { RainConnectionCounter } from '../idle/connection-counter.interface.js';
import { counterFailedMessage, leaveFailedMessage, redisTimeoutMessage } from './cluster.messages.js';
import type { ClusterRedis } from './cluster-redis.js';
import type { ClusterSettings } from './cluster-settings.js';
import { withDeadline } from './deadline.js';
import { COUNT_NODES, FORGET_NODE, RENEW_NODE } from './node-records.scripts.js';

const COUNTED = Symbol('rain-sockets:cluster-counted');
type Counted = Socket & { [COUNTED]?: boolean };

export interface ClusterCensus {
  /** Admitted component sockets of every live node. */
  connections: number;
  /** Ids of the live nodes. */
  nodes: string[];
}

/**
 * The admitted component sockets of the whole cluster, for idle eviction and for
 * `RainClusterService`. Each node keeps a record in Redis (its count, and an expiry it
 * renews every `heartbeatInterval`); the total only counts nodes whose record is alive, so
 * a node that died stops counting within `3 × heartbeatInterval`: no ghost connections.
 * While Redis is away the count is the last known one of the other nodes plus ours now.
 */
export class ClusterConnectionCounter implements RainConnectionCounter {
  private readonly logger = new Logger('RainSockets cluster');
  private readonly keys: string[];
  private local = 0;
  private othersAtLastCount = 0;
  private lastNodes: string[] = [];
  private timer?: NodeJS.Timeout;
  private failing = false;

  constructor(
    private readonly settings: ClusterSettings,
    private readonly redis: ClusterRedis,
    readonly nodeId: string,
  ) {
    this.keys = [`${settings.keyPrefix}nodes`, `${settings.keyPrefix}node-connections`];
    redis.onBack(() => this.renew());
  }

  /** Idempotent per socket: idle eviction and the cluster extension both report the same sockets. */
  add(socket: Socket): void {
    const counted = socket as Counted;
    if (counted[COUNTED]) return;
    counted[COUNTED] = true;
    this.local++;
    this.increment(1);
  }

  remove(socket: Socket): void {
    const counted = socket as Counted;
    if (!counted[COUNTED]) return;
    counted[COUNTED] = false;
    this.local--;
    this.increment(-1);
  }

  async count(): Promise<number> {
    return (await this.census()).connections;
  }

  /** Never rejects: while Redis is away it answers the last known figures (and logs it once). */
  async census(): Promise<ClusterCensus> {
    if (!this.redis.ready) return this.estimate();
    const localNow = this.local;
    try {
      const reply = (await this.bounded(this.redis.store.eval(COUNT_NODES, { keys: this.keys }), 'EVAL')) as [number, ...string[]];
      const connections = reply[0];
      const nodes = reply.slice(1).map(String).sort();
      this.othersAtLastCount = Number(connections) - localNow;
      this.lastNodes = nodes;
      this.failing = false;
      return { connections: Number(connections), nodes };
    } catch (error) {
      if (!this.failing) this.logger.warn(counterFailedMessage(error instanceof Error ? error.message : String(error)));
      this.failing = true;
      return this.estimate();
    }
  }

  /** Announces this node now and every `heartbeatInterval`. */
  start(): Promise<void> {
    this.timer = setInterval(() => void this.renew(), this.settings.heartbeatInterval);
    this.timer.unref();
    return this.renew();
  }

  /** Removes this node's record: a node that leaves on purpose stops counting at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    if (!this.redis.ready) return;
    try {
      await this.bounded(this.redis.store.eval(FORGET_NODE, { keys: this.keys, arguments: [this.nodeId] }), 'EVAL');
    } catch (error) {
      this.logger.warn(leaveFailedMessage(error instanceof Error ? error.message : String(error)));
    }
  }

  private renew(): Promise<void> {
    if (!this.redis.ready || this.redis.stopping) return Promise.resolve();
    const args = [this.nodeId, String(this.local), String(this.settings.nodeTtl)];
    // Fails only while Redis is away; the next renewal after it is back sets the count right.
    return this.redis.store.eval(RENEW_NODE, { keys: this.keys, arguments: args }).then(
      () => undefined,
      () => undefined,
    );
  }

  private increment(by: number): void {
    if (!this.redis.ready || this.timer === undefined) return;
    // Fire and forget: a lost increment is corrected by the next renewal (an absolute count).
    this.redis.store.hIncrBy(this.keys[1]!, this.nodeId, by).catch(() => undefined);
  }

  private estimate(): ClusterCensus {
    const nodes = this.lastNodes.includes(this.nodeId) ? this.lastNodes : [...this.lastNodes, this.nodeId];
    return { connections: Math.max(0, this.othersAtLastCount) + this.local, nodes };
  }

  private bounded<T>(running: Promise<T>, command: string): Promise<T> {
    const ms = this.settings.commandTimeout;
    return withDeadline(running, ms, () => new Error(redisTimeoutMessage(command, ms)));
  }
}
