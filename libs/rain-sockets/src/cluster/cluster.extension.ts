import { Inject, Injectable, Logger, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { type ClusterAdapterFactory, clusterAdapterFactory } from './cluster-adapter.factory.js';
import { ClusterConnectionCounter } from './cluster-connection-counter.js';
import { ClusterRedis } from './cluster-redis.js';
import type { ClusterSettings } from './cluster-settings.js';
import { CLUSTER_NODE_ID, CLUSTER_SETTINGS } from './cluster.tokens.js';
import { closeConnections } from './close-connections.js';

/**
 * The cluster's part in the server's life: connects Redis and installs the adapter before
 * any namespace is served, counts this node's sockets in the cluster-wide record, and
 * closes everything after the namespaces (whose last writes still need Redis).
 */
@Injectable()
export class ClusterExtension implements RainSocketExtension, OnApplicationShutdown {
  private readonly logger = new Logger('RainSockets cluster');
  private adapters?: ClusterAdapterFactory;

  constructor(
    @Inject(CLUSTER_SETTINGS) private readonly settings: ClusterSettings | undefined,
    @Inject(CLUSTER_NODE_ID) private readonly nodeId: string,
    @Optional() @Inject(ClusterRedis) private readonly redis?: ClusterRedis,
    @Optional() @Inject(ClusterConnectionCounter) private readonly counter?: ClusterConnectionCounter,
  ) {}

  async serverCreated(io: Server): Promise<void> {
    const { settings, redis, counter } = this;
    if (!settings || !redis || !counter) return;
    await redis.connect();
    if (settings.recoveryWindow !== undefined) {
      // Namespaces do not exist yet (but "/"), so setting it now is as good as at construction.
      // skipMiddlewares false: a recovered socket is admitted again (session, guards, idle slot).
      // The records of live sockets are rewritten every recoveryRenewEvery: their TTL covers the
      // window after the last rewrite (a killed node rewrites nothing more).
      const opts = (io as unknown as { opts: ServerOptions }).opts;
      const ttl = settings.recoveryWindow + settings.recoveryRenewEvery;
      opts.connectionStateRecovery = { maxDisconnectionDuration: ttl, skipMiddlewares: false };
    }
    this.adapters = await clusterAdapterFactory(settings, redis);
    io.adapter(this.adapters.adapter as never);
    await counter.start();
    const recovery = settings.recoveryWindow === undefined ? 'off' : `${settings.recoveryWindow} ms`;
    this.logger.log(`Node ${this.nodeId} joined the cluster on ${redis.displayUrl} (${settings.adapter} adapter, recovery ${recovery}).`);
  }

  /** The stream offset this node has read up to (streams adapter), for the adapter lag metric. */
  get readOffset(): string | undefined {
    return this.adapters?.delivery?.lastRead;
  }

  connected(socket: Socket): void {
    this.counter?.add(socket);
    this.adapters?.recovery?.stream.connected(socket);
  }

  disconnected(socket: Socket, reason: string): void {
    this.counter?.remove(socket);
    this.adapters?.recovery?.records.gone(socket, reason);
  }

  /**
   * With recovery, a drain that leaves every client able to recover elsewhere: their records
   * are written as they are now, then their connections are closed as a lost connection
   * would be (clients reconnect by themselves, to another node, and recover there).
   */
  async serverClosing(io: Server): Promise<void> {
    const records = this.adapters?.recovery?.records;
    if (records) {
      await records.closingDown();
      await closeConnections(io, this.settings!.commandTimeout);
    }
    await this.counter?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    // The server closed its adapters already; this covers a start-up that failed half way.
    this.adapters?.closeAll();
    await this.redis?.close();
  }
}
