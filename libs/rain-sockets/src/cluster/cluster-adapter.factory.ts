import type { Namespace } from 'socket.io';
import type { Adapter, BroadcastOptions } from 'socket.io-adapter';
import { clusterRequestTimeoutMessage, clusterUnavailableMessage } from './cluster.messages.js';
import type { ClusterRedis } from './cluster-redis.js';
import type { ClusterSettings } from './cluster-settings.js';
import { withDeadline } from './deadline.js';
import { StreamDelivery, type StreamAdapter } from './stream-delivery.js';
import { RecoveryRecords } from './recovery-records.js';
import { type RecoverableAdapter, StreamRecovery } from './stream-recovery.js';
import { loadPubSubAdapter, loadStreamsAdapter } from './redis-peers.js';

export interface ClusterAdapterFactory {
  /** What `io.adapter()` takes: socket.io calls it with `new` for each namespace. */
  adapter: (nsp: Namespace) => Adapter;
  /** Closes every adapter not closed yet, so that the stream readers stop before their connections do. */
  closeAll(): void;
  /** The streams adapter's delivery (its read offset tells the adapter lag); undefined with PUB/SUB. */
  delivery?: StreamDelivery;
  /** With connection state recovery (streams only): what makes it lose nothing. */
  recovery?: { stream: StreamRecovery; records: RecoveryRecords };
}

/**
 * socket.io's own Redis adapter for each namespace (the stream one or the PUB/SUB one),
 * with what a cluster that outlives Redis needs around it: broadcasts that never make
 * local sockets wait (streams), and member lists that fail clearly instead of waiting
 * for a Redis that is away.
 */
export async function clusterAdapterFactory(settings: ClusterSettings, redis: ClusterRedis): Promise<ClusterAdapterFactory> {
  const channel = `${settings.keyPrefix}socket.io`;
  const sessionKeyPrefix = `${settings.keyPrefix}sio:session:`;
  let make: (nsp: Namespace) => Adapter;
  let delivery: StreamDelivery | undefined;
  let recovery: ClusterAdapterFactory['recovery'];
  if (settings.adapter === 'streams') {
    const { createAdapter: createStreamsAdapter } = await loadStreamsAdapter();
    delivery = new StreamDelivery(redis, settings.commandTimeout);
    if (settings.recoveryWindow !== undefined) {
      const records = new RecoveryRecords(redis, sessionKeyPrefix, settings.recoveryRenewEvery, settings.commandTimeout);
      const stream = new StreamRecovery(redis, records, channel, settings.commandTimeout, settings.recoveryRenewEvery);
      await stream.start();
      records.start();
      recovery = { stream, records };
    }
    make = createStreamsAdapter(redis.main, {
      streamName: channel,
      channelPrefix: channel,
      sessionKeyPrefix,
    });
    // A node must read the stream before it serves: what it missed before would never reach its sockets.
    await redis.copiesConnected();
  } else {
    const { createAdapter: createPubSubAdapter } = await loadPubSubAdapter();
    make = createPubSubAdapter(redis.main, await redis.subscriber(), { key: channel, requestsTimeout: settings.commandTimeout });
  }
  const open = new Set<Adapter>();
  // A plain function: socket.io calls it with `new`, which keeps the object it returns.
  const adapter = function (nsp: Namespace): Adapter {
    const created = make(nsp);
    // Recovery's hooks inside delivery's: a copy of a message is dropped before recovery sees it.
    recovery?.stream.hook(created as unknown as RecoverableAdapter);
    delivery?.hook(created as unknown as StreamAdapter);
    failFastMemberLists(created, redis, settings.commandTimeout);
    const close = created.close.bind(created);
    created.close = () => {
      if (!open.delete(created)) return;
      return close();
    };
    open.add(created);
    return created;
  };
  return {
    adapter,
    delivery,
    recovery,
    closeAll: () => {
      recovery?.stream.stop();
      for (const created of [...open]) void Promise.resolve(created.close()).catch(() => undefined);
    },
  };
}

/**
 * `fetchSockets()` (member lists, roomView) asks every node through Redis. While Redis is
 * away it would wait for it; it fails at once instead. Otherwise it takes at most
 * `commandTimeout` for Redis to count the nodes, and as long for their answers.
 */
function failFastMemberLists(adapter: Adapter, redis: ClusterRedis, timeoutMs: number): void {
  const fetchSockets = adapter.fetchSockets.bind(adapter);
  adapter.fetchSockets = (opts: BroadcastOptions) => {
    if (opts.flags?.local) return fetchSockets(opts);
    if (!redis.ready) return Promise.reject(new Error(clusterUnavailableMessage()));
    // The stream adapter waits for the nodes' answers `flags.timeout` (the PUB/SUB one, its requestsTimeout).
    const answers = opts.flags?.timeout ?? timeoutMs;
    const asking = fetchSockets({ ...opts, flags: { ...opts.flags, timeout: answers } });
    return withDeadline(asking, timeoutMs + answers, () => new Error(clusterRequestTimeoutMessage(timeoutMs)));
  };
}
