import { BucketHistogram } from './bucket-histogram.js';
import { CONNECTION_BUCKETS, DURATION_BUCKETS, LATENCY_BOUNDS_MS, MESSAGING_SYSTEM } from './telemetry.constants.js';
import type { RefusalCause } from './refusal-cause.js';

/** Metric attributes, in OpenTelemetry's shape. */
export type Attributes = Record<string, string | number | boolean>;

/** Events of one name and one outcome in one namespace. Its attributes are built once. */
export interface EventCell {
  readonly event: string;
  /** Undefined: handled; else the error code the client got. */
  readonly code: string | undefined;
  count: number;
  readonly attributes: Attributes;
  /** Seconds from arrival to answer (`messaging.process.duration`). */
  readonly duration: BucketHistogram;
  /** The same, for the events whose client asked for an ack (`rain_sockets.ack.latency`). */
  readonly ack: BucketHistogram;
}

/** A count under a set of attributes built once. */
export interface Tally {
  count: number;
  readonly attributes: Attributes;
}

/** Disconnects for one reason, with how long those sockets had been connected (seconds). */
export interface DisconnectTally extends Tally {
  readonly duration: BucketHistogram;
}

/**
 * What one component namespace saw on this node since start: plain numbers and maps that
 * the telemetry extension bumps as sockets come, go and send events, and that the
 * OpenTelemetry instruments and the dashboard read when asked. After a cell exists,
 * counting in it allocates nothing.
 */
export class NamespaceStats {
  connects = 0;
  evictions = 0;
  /** Event durations in ms, for the dashboard's quantiles. */
  readonly latency = new BucketHistogram(LATENCY_BOUNDS_MS);
  readonly disconnects = new Map<string, DisconnectTally>();
  readonly refusals = new Map<string, Tally>();
  private readonly cells = new Map<string, { ok?: EventCell; failed?: Map<string, EventCell> }>();
  /** Base attributes of this namespace's metrics. */
  readonly attributes: Attributes;

  constructor(
    readonly name: string,
    readonly componentId: string,
    readonly version: string,
    readonly channel: string,
  ) {
    this.attributes = { 'messaging.destination.name': name, 'rain.component.id': componentId, 'rain.component.version': version };
  }

  cell(event: string, code: string | undefined): EventCell {
    let byEvent = this.cells.get(event);
    if (!byEvent) this.cells.set(event, (byEvent = {}));
    if (code === undefined) return (byEvent.ok ??= this.newCell(event, undefined));
    byEvent.failed ??= new Map();
    let cell = byEvent.failed.get(code);
    if (!cell) byEvent.failed.set(code, (cell = this.newCell(event, code)));
    return cell;
  }

  /** Every event cell, handled and failed. */
  *eventCells(): Iterable<EventCell> {
    for (const byEvent of this.cells.values()) {
      if (byEvent.ok) yield byEvent.ok;
      if (byEvent.failed) yield* byEvent.failed.values();
    }
  }

  /** Counts a disconnect; returns its tally (whose attributes the duration histogram shares). */
  disconnected(reason: string): DisconnectTally {
    let entry = this.disconnects.get(reason);
    if (!entry) {
      entry = { count: 0, attributes: { ...this.attributes, 'rain.disconnect.reason': reason }, duration: new BucketHistogram(CONNECTION_BUCKETS) };
      this.disconnects.set(reason, entry);
    }
    entry.count++;
    return entry;
  }

  refused(cause: RefusalCause, code: string): void {
    tally(this.refusals, code, () => ({ ...this.attributes, 'rain.refusal.cause': cause, 'error.type': code })).count++;
  }

  private newCell(event: string, code: string | undefined): EventCell {
    const attributes: Attributes = {
      'messaging.system': MESSAGING_SYSTEM,
      'messaging.operation.type': 'process',
      'messaging.operation.name': event,
      ...this.attributes,
    };
    if (code !== undefined) attributes['error.type'] = code;
    return { event, code, count: 0, attributes, duration: new BucketHistogram(DURATION_BUCKETS), ack: new BucketHistogram(DURATION_BUCKETS) };
  }
}

function tally(map: Map<string, Tally>, key: string, attributes: () => Attributes): Tally {
  let entry = map.get(key);
  if (!entry) map.set(key, (entry = { count: 0, attributes: attributes() }));
  return entry;
}

/** Every namespace's stats on this node. */
export class SocketStats {
  private readonly byName = new Map<string, NamespaceStats>();

  namespace(name: string, componentId: string, version: string, channel: string): NamespaceStats {
    let stats = this.byName.get(name);
    if (!stats) this.byName.set(name, (stats = new NamespaceStats(name, componentId, version, channel)));
    return stats;
  }

  find(name: string): NamespaceStats | undefined {
    return this.byName.get(name);
  }

  all(): Iterable<NamespaceStats> {
    return this.byName.values();
  }
}
