import type { ClusterProbeResult } from '../health/cluster-probe.js';
import { quantileSince } from '../telemetry/bucket-histogram.js';
import type { NamespaceStats } from '../telemetry/socket-stats.js';

/** One component namespace as the page shows it. */
export interface DashboardNamespace {
  name: string;
  componentId: string;
  version: string;
  channel: string;
  connections: number;
  rooms: number;
  roomMembers: number;
  presences: number;
  /** Events per second over the last interval, handled and failed. */
  eventRate: number;
  errorRate: number;
  /** Failed events since start, by error code. */
  errors: Record<string, number>;
  /** Handler latency quantiles over the last interval, ms (null: no event). */
  p50: number | null;
  p95: number | null;
  evictions: number;
  /** Refusals since start, by cause. */
  refusals: Record<string, number>;
}

/** What the dashboard socket sends every interval. */
export interface DashboardSnapshot {
  node: string;
  at: string;
  /** Connections per live node (this one first). */
  nodes: { id: string; connections: number }[];
  /** Redis as the last probe saw it; null on one node. */
  redis: (ClusterProbeResult & { clustered: true }) | null;
  /** Handshakes refused by the origin check (they never reach a namespace). */
  originRefusals: number;
  namespaces: DashboardNamespace[];
}

/** The local facts of one namespace besides its stats. */
export interface NamespaceFacts {
  stats: NamespaceStats;
  connections: number;
  rooms: number;
  roomMembers: number;
  presences: number;
}

interface Reading {
  at: number;
  events: number;
  errors: number;
  latency: Float64Array;
}

/** Turns the cumulative stats into what a person reads: rates and quantiles over the last interval. */
export class DashboardReporter {
  private readonly previous = new Map<string, Reading>();

  namespace(facts: NamespaceFacts, now: number): DashboardNamespace {
    const { stats } = facts;
    let events = 0;
    let failed = 0;
    const errors: Record<string, number> = {};
    for (const cell of stats.eventCells()) {
      events += cell.count;
      if (cell.code === undefined) continue;
      failed += cell.count;
      errors[cell.code] = (errors[cell.code] ?? 0) + cell.count;
    }
    const refusals: Record<string, number> = {};
    for (const tally of stats.refusals.values()) {
      const cause = String(tally.attributes['rain.refusal.cause']);
      refusals[cause] = (refusals[cause] ?? 0) + tally.count;
    }
    const before = this.previous.get(stats.name);
    const seconds = before ? Math.max(0.001, (now - before.at) / 1000) : 0;
    this.previous.set(stats.name, { at: now, events, errors: failed, latency: stats.latency.reading() });
    const round = (value: number | undefined) => (value === undefined ? null : Math.round(value * 10) / 10);
    return {
      name: stats.name,
      componentId: stats.componentId,
      version: stats.version,
      channel: stats.channel,
      connections: facts.connections,
      rooms: facts.rooms,
      roomMembers: facts.roomMembers,
      presences: facts.presences,
      eventRate: before ? round((events - before.events) / seconds)! : 0,
      errorRate: before ? round((failed - before.errors) / seconds)! : 0,
      errors,
      p50: round(quantileSince(stats.latency, 0.5, before?.latency)),
      p95: round(quantileSince(stats.latency, 0.95, before?.latency)),
      evictions: stats.evictions,
      refusals,
    };
  }
}
