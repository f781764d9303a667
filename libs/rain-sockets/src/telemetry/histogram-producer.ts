import type { BucketHistogram } from './bucket-histogram.js';
import type { Attributes, NamespaceStats } from './socket-stats.js';
import { INSTRUMENTATION_SCOPE } from './telemetry.constants.js';

// The SDK's enum values (stable parts of its data model), written out so that this module,
// which an app imports before it starts the SDK, loads nothing of OpenTelemetry.
const VALUE_TYPE_DOUBLE = 1;
const DATA_POINT_HISTOGRAM = 0;
const TEMPORALITY_CUMULATIVE = 1;

type HrTime = [number, number];

/** One app's histograms: the namespaces of its telemetry, since `startTime`. */
export interface HistogramSource {
  readonly startTime: HrTime;
  namespaces(): Iterable<NamespaceStats>;
  /** How many times a reader collected these (0: the app's reader was not given the producer). */
  reads: number;
}

interface HistogramDefinition {
  name: string;
  description: string;
  unit: string;
  points(stats: NamespaceStats): Iterable<{ attributes: Attributes; histogram: BucketHistogram }>;
}

const HISTOGRAMS: HistogramDefinition[] = [
  {
    name: 'messaging.process.duration',
    description: "Time from an event's arrival to its answer: guards, session, handler, save.",
    unit: 's',
    *points(stats) {
      for (const cell of stats.eventCells()) yield { attributes: cell.attributes, histogram: cell.duration };
    },
  },
  {
    name: 'rain_sockets.ack.latency',
    description: 'What a client that asked for an ack waited, less the network.',
    unit: 's',
    *points(stats) {
      for (const cell of stats.eventCells()) yield { attributes: cell.attributes, histogram: cell.ack };
    },
  },
  {
    name: 'rain_sockets.connection.duration',
    description: 'How long component sockets stayed connected, by disconnect reason.',
    unit: 's',
    *points(stats) {
      for (const tally of stats.disconnects.values()) yield { attributes: tally.attributes, histogram: tally.duration };
    },
  },
];

/**
 * rain-sockets' histograms as an OpenTelemetry MetricProducer. They are aggregated in the
 * process as events happen, because the SDK's synchronous `Histogram.record` hashes the
 * attributes on every call (40 percent of the server's CPU per event, measured); a producer is
 * how OpenTelemetry lets a library hand over what it aggregated itself (its Prometheus and
 * OpenCensus bridges are producers too). A MetricReader given it in `metricProducers` exports
 * these with the SDK's own metrics, cumulative, under the SDK's resource.
 */
export class HistogramProducer {
  private readonly sources = new Set<HistogramSource>();

  /** Adds an app's histograms; returns what removes them. */
  add(source: HistogramSource): () => void {
    this.sources.add(source);
    return () => this.sources.delete(source);
  }

  // Typed loosely here; the `rain-sockets/otel` entry gives it the SDK's MetricProducer type.
  async collect(_options?: { timeoutMillis?: number }): Promise<{ resourceMetrics: { resource: never; scopeMetrics: unknown[] }; errors: unknown[] }> {
    for (const source of this.sources) source.reads++;
    const endTime = hrTime(Date.now());
    const metrics = HISTOGRAMS.map((definition) => ({
      descriptor: { name: definition.name, description: definition.description, unit: definition.unit, valueType: VALUE_TYPE_DOUBLE },
      aggregationTemporality: TEMPORALITY_CUMULATIVE,
      dataPointType: DATA_POINT_HISTOGRAM,
      dataPoints: [...this.points(definition, endTime)],
    }));
    // The reader keeps the SDK's resource and ignores a producer's.
    return { resourceMetrics: { resource: undefined as never, scopeMetrics: [{ scope: { name: INSTRUMENTATION_SCOPE }, metrics }] }, errors: [] };
  }

  private *points(definition: HistogramDefinition, endTime: HrTime) {
    for (const source of this.sources) {
      for (const stats of source.namespaces()) {
        for (const { attributes, histogram } of definition.points(stats)) {
          if (histogram.count === 0) continue;
          yield {
            startTime: source.startTime,
            endTime,
            attributes,
            value: {
              buckets: { boundaries: [...histogram.bounds], counts: Array.from(histogram.counts) },
              count: histogram.count,
              sum: histogram.sum,
              min: histogram.min,
              max: histogram.max,
            },
          };
        }
      }
    }
  }
}

/** Epoch milliseconds as OpenTelemetry's [seconds, nanoseconds]. */
export function hrTime(epochMs: number): HrTime {
  const seconds = Math.floor(epochMs / 1000);
  return [seconds, Math.round((epochMs - seconds * 1000) * 1e6)];
}

/**
 * The producer of every app in this process whose telemetry goes to the app's MeterProvider
 * (the `rain-sockets/otel` entry exports it). Apps that serve `telemetry.prometheus` use one
 * of their own.
 */
export const processHistograms = new HistogramProducer();
