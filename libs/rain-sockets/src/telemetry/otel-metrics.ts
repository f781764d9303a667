import type { Meter, ObservableResult } from '@opentelemetry/api';
import type { Namespace } from 'socket.io';
import type { ClusterProbeResult } from '../health/cluster-probe.js';
import type { NamespaceStats } from './socket-stats.js';

/** Everything the observable instruments read, when the SDK collects (never per event). */
export interface MetricSources {
  /** This node's id (the cluster's node id). */
  node: string;
  /** Each served component namespace with its stats. */
  namespaces(): Iterable<{ stats: NamespaceStats; namespace: Namespace }>;
  /** RainSessionService.stats, when sessions are on. */
  sessions?: { loads: number; saves: number; conflicts: number; storeErrors: number; writeBacks: number };
  /** Handshakes the origin check refused (before any namespace). */
  originRefused(): number;
  /** Presences tracked by this node's sockets, per namespace. */
  presence(): Map<string, number>;
  uploadBytes(): number;
  /** The last Redis probe, when there is a cluster. */
  redis(): ClusterProbeResult | undefined;
  /** Called at each collection of the counters (to notice a reader without the histograms). */
  collected(): void;
}

/**
 * Creates the counters and gauges of rain-sockets on `meter`, all observable: they read the
 * numbers the concerns keep anyway when the SDK collects, so an event costs them nothing (the
 * histograms reach the SDK through a MetricProducer: histogram-producer.ts). Names and
 * attributes follow OpenTelemetry's messaging conventions where they apply
 * (`messaging.client.consumed.messages`, `messaging.destination.name`,
 * `messaging.operation.name`, `error.type`); the rest are `rain_sockets.*`. docs/operating.md
 * lists them all.
 */
export function registerMetrics(meter: Meter, sources: MetricSources): void {
  const eachNamespace = (observe: (result: ObservableResult, stats: NamespaceStats, namespace: Namespace) => void) =>
    (result: ObservableResult) => {
      for (const { stats, namespace } of sources.namespaces()) observe(result, stats, namespace);
    };

  meter
    .createObservableUpDownCounter('rain_sockets.connections.active', { description: 'Component sockets connected to this node now.', unit: '{connection}' })
    .addCallback(eachNamespace((result, stats, namespace) => result.observe(namespace.sockets.size, { ...stats.attributes, 'rain.node': sources.node })));
  meter
    .createObservableCounter('rain_sockets.connections.opened', { description: 'Component sockets admitted since start.', unit: '{connection}' })
    .addCallback(eachNamespace((result, stats) => result.observe(stats.connects, stats.attributes)));
  meter
    .createObservableCounter('rain_sockets.connections.closed', { description: 'Component sockets disconnected since start, by socket.io reason.', unit: '{connection}' })
    .addCallback(eachNamespace((result, stats) => {
      for (const tally of stats.disconnects.values()) result.observe(tally.count, tally.attributes);
    }));
  meter
    .createObservableCounter('rain_sockets.refusals', { description: 'Handshakes and events refused, by cause and error code.', unit: '{refusal}' })
    .addCallback((result) => {
      for (const { stats } of sources.namespaces()) for (const tally of stats.refusals.values()) result.observe(tally.count, tally.attributes);
      result.observe(sources.originRefused(), { 'rain.refusal.cause': 'origin', 'error.type': 'origin_not_allowed' });
    });
  meter
    .createObservableCounter('messaging.client.consumed.messages', { description: 'Events from clients handled, by namespace, event and outcome.', unit: '{message}' })
    .addCallback((result) => {
      sources.collected();
      for (const { stats } of sources.namespaces()) for (const cell of stats.eventCells()) result.observe(cell.count, cell.attributes);
    });
  meter
    .createObservableCounter('rain_sockets.evictions', { description: 'Idle sockets evicted to make room.', unit: '{connection}' })
    .addCallback(eachNamespace((result, stats) => result.observe(stats.evictions, stats.attributes)));

  const rooms = meter.createObservableGauge('rain_sockets.rooms', { description: 'Rooms with members on this node (not counting each socket\'s own).', unit: '{room}' });
  const members = meter.createObservableGauge('rain_sockets.room.members', { description: 'Room memberships on this node.', unit: '{membership}' });
  meter.addBatchObservableCallback((result) => {
    for (const { stats, namespace } of sources.namespaces()) {
      let roomCount = 0;
      let memberCount = 0;
      for (const [room, sockets] of namespace.adapter.rooms) {
        if (namespace.sockets.has(room)) continue;
        roomCount++;
        memberCount += sockets.size;
      }
      result.observe(rooms, roomCount, stats.attributes);
      result.observe(members, memberCount, stats.attributes);
    }
  }, [rooms, members]);
  meter
    .createObservableGauge('rain_sockets.presence.tracked', { description: 'Presences this node\'s sockets track.', unit: '{presence}' })
    .addCallback((result) => {
      const counts = sources.presence();
      for (const { stats } of sources.namespaces()) result.observe(counts.get(stats.name) ?? 0, stats.attributes);
    });
  meter
    .createObservableCounter('rain_sockets.upload.bytes', { description: 'Upload bytes accepted.', unit: 'By' })
    .addCallback((result) => result.observe(sources.uploadBytes()));

  const sessions = sources.sessions;
  if (sessions) {
    const counter = (name: string, description: string, read: () => number) =>
      meter.createObservableCounter(`rain_sockets.session.${name}`, { description, unit: '{operation}' }).addCallback((result) => result.observe(read()));
    counter('loads', 'Sessions loaded from the store (handshakes, HTTP requests, events that had to reload).', () => sessions.loads);
    counter('saves', 'Session writes the store acknowledged.', () => sessions.saves);
    counter('write_backs', 'Sessions the store had lost (a Redis restart) that this node wrote back.', () => sessions.writeBacks);
    counter('conflicts', 'Keys a write overwrote that another writer had changed since this writer loaded them (the last write won).', () => sessions.conflicts);
    counter('store_errors', 'Session store failures (loads, saves, keep-alive touches).', () => sessions.storeErrors);
  }

  const redisUp = meter.createObservableGauge('rain_sockets.redis.up', { description: '1 when the Redis connection answered the last probe, else 0.', unit: '1' });
  const redisLatency = meter.createObservableGauge('rain_sockets.redis.latency', { description: 'PING round trip on the adapter\'s Redis connection.', unit: 's' });
  const adapterLag = meter.createObservableGauge('rain_sockets.adapter.lag', { description: 'How far this node\'s reading of the adapter stream is behind its newest entry.', unit: 's' });
  meter.addBatchObservableCallback((result) => {
    const probe = sources.redis();
    if (!probe) return;
    result.observe(redisUp, probe.adapter ? 1 : 0, { 'rain.redis.connection': 'adapter' });
    result.observe(redisUp, probe.redis ? 1 : 0, { 'rain.redis.connection': 'store' });
    if (probe.latencyMs !== undefined) result.observe(redisLatency, probe.latencyMs / 1000);
    if (probe.lagMs !== undefined) result.observe(adapterLag, probe.lagMs / 1000);
  }, [redisUp, redisLatency, adapterLag]);
}
