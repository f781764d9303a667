import { type DataPoint, type Histogram, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { HistogramProducer, hrTime } from './histogram-producer.js';
import { NamespaceStats } from './socket-stats.js';
import { DURATION_BUCKETS } from './telemetry.constants.js';

class OnDemandReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

// Values on both sides of bucket bounds, on a bound (bounds are inclusive), and past the last.
const VALUES = [0.0004, 0.001, 0.0011, 0.003, 0.02, 0.02, 0.07, 0.3, 0.3, 4, 12, 0.0099];

describe('HistogramProducer', () => {
  const providers: MeterProvider[] = [];
  afterEach(async () => {
    await Promise.all(providers.splice(0).map((provider) => provider.shutdown()));
  });

  const reader = (options?: ConstructorParameters<typeof MetricReader>[0]) => {
    const created = new OnDemandReader(options);
    providers.push(new MeterProvider({ readers: [created] }));
    return created;
  };

  it("gives a reader, under the SDK's resource, the histogram the SDK itself builds from the same values", async () => {
    const stats = new NamespaceStats('/chat/1.0/room', 'chat', '1.0', 'room');
    const cell = stats.cell('say', undefined);
    for (const value of VALUES) cell.duration.record(value);
    const producer = new HistogramProducer();
    const source = { startTime: hrTime(Date.now()), namespaces: () => [stats], reads: 0 };
    producer.add(source);

    const withProducer = reader({ metricProducers: [producer as never] });
    const reference = reader();
    const histogram = providers[1]!.getMeter('reference').createHistogram('reference', { advice: { explicitBucketBoundaries: DURATION_BUCKETS } });
    for (const value of VALUES) histogram.record(value, cell.attributes);

    const ours = await withProducer.collect();
    const theirs = await reference.collect();
    expect(ours.errors).toEqual([]);
    expect(ours.resourceMetrics.resource.attributes).toMatchObject({ 'telemetry.sdk.name': 'opentelemetry' });
    const metrics = ours.resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
    const duration = metrics.find((metric) => metric.descriptor.name === 'messaging.process.duration')!;
    expect(duration.descriptor).toMatchObject({ unit: 's', valueType: 1 });
    expect(duration.aggregationTemporality).toBe(1); // cumulative
    const [point] = duration.dataPoints as DataPoint<Histogram>[];
    const [expected] = theirs.resourceMetrics.scopeMetrics[0]!.metrics[0]!.dataPoints as DataPoint<Histogram>[];
    expect(point!.attributes).toEqual(expected!.attributes);
    expect(point!.value.buckets).toEqual(expected!.value.buckets);
    expect(point!.value).toMatchObject({ count: expected!.value.count, min: expected!.value.min, max: expected!.value.max });
    expect(point!.value.sum).toBeCloseTo(expected!.value.sum!, 12);
    // Nothing recorded, nothing sent: an ack histogram with no acked event has no point.
    expect(metrics.find((metric) => metric.descriptor.name === 'rain_sockets.ack.latency')!.dataPoints).toEqual([]);
    expect(source.reads).toBe(1);
  });

  it('stops reading an app once it is removed', async () => {
    const stats = new NamespaceStats('/a/1/b', 'a', '1', 'b');
    stats.cell('x', undefined).duration.record(0.01);
    const producer = new HistogramProducer();
    const remove = producer.add({ startTime: hrTime(Date.now()), namespaces: () => [stats], reads: 0 });
    const points = async () => ((await producer.collect()).resourceMetrics.scopeMetrics[0] as { metrics: { dataPoints: unknown[] }[] }).metrics[0]!.dataPoints;
    expect(await points()).toHaveLength(1);
    remove();
    expect(await points()).toEqual([]);
  });

  it('writes epoch milliseconds as [seconds, nanoseconds]', () => {
    expect(hrTime(1_700_000_000_123.5)).toEqual([1_700_000_000, 123_500_000]);
  });
});
