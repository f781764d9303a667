import { Inject, Injectable, Optional } from '@nestjs/common';
import { RainSocketsRegistry } from '../core/rain-sockets.registry.js';
import { ClusterConnectionCounter } from './cluster-connection-counter.js';
import { ClusterRedis } from './cluster-redis.js';
import type { ClusterSettings } from './cluster-settings.js';
import { CLUSTER_NODE_ID, CLUSTER_SETTINGS } from './cluster.tokens.js';

/**
 * What app code can see of the cluster: this node, whether Redis answers, and the live
 * nodes with their connections. On one node (no `cluster` option) it answers for this process.
 */
@Injectable()
export class RainClusterService {
  /** @internal Nest's DI builds it; the parameter types (Redis clients) stay out of the .d.ts. */
  constructor(
    @Inject(CLUSTER_SETTINGS) private readonly settings: ClusterSettings | undefined,
    @Inject(CLUSTER_NODE_ID) readonly nodeId: string,
    private readonly registry: RainSocketsRegistry,
    @Optional() @Inject(ClusterRedis) private readonly redis?: ClusterRedis,
    @Optional() @Inject(ClusterConnectionCounter) private readonly counter?: ClusterConnectionCounter,
  ) {}

  /** Whether the `cluster` option is on. */
  get enabled(): boolean {
    return this.settings !== undefined;
  }

  /** The socket.io adapter in use across nodes, or undefined on one node. */
  get adapter(): 'streams' | 'pubsub' | undefined {
    return this.settings?.adapter;
  }

  /** Whether Redis answers now, for cluster traffic and sessions (always true on one node). */
  get redisReady(): boolean {
    return this.redis ? this.redis.allReady : true;
  }

  /**
   * Admitted component sockets of every live node. A node that died stops counting within
   * `3 × heartbeatInterval`; while Redis is away, the last known figure of the others plus ours.
   */
  async connections(): Promise<number> {
    if (this.counter) return this.counter.count();
    return this.localConnections();
  }

  /** Ids of the live nodes (this one included), sorted. */
  async nodes(): Promise<string[]> {
    if (this.counter) return (await this.counter.census()).nodes;
    return [this.nodeId];
  }

  private localConnections(): number {
    let count = 0;
    for (const server of this.registry.all()) count += server.namespace.sockets.size;
    return count;
  }
}
