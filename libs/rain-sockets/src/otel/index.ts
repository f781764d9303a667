/**
 * rain-sockets' OpenTelemetry pieces that the file starting an app's SDK imports, before
 * anything is instrumented: this entry loads no other package.
 *
 * @module rain-sockets/otel
 */
import type { MetricProducer } from '@opentelemetry/sdk-metrics';
import { processHistograms } from '../telemetry/histogram-producer.js';

/**
 * rain-sockets' histograms (`messaging.process.duration`, `rain_sockets.ack.latency`,
 * `rain_sockets.connection.duration`) for your OpenTelemetry SDK: give it to the MetricReader
 * that exports your metrics, and they go out with the rest.
 *
 * ```ts
 * new PeriodicExportingMetricReader({ exporter, metricProducers: [rainSocketsMetricProducer] })
 * ```
 *
 * rain-sockets aggregates them itself, as events happen, because recording each one through
 * the SDK would cost the server about 40 percent more CPU per event. The counters and gauges
 * need nothing: they reach your MeterProvider through `@opentelemetry/api`. This entry loads
 * nothing else, so the file that starts your SDK can import it before anything is
 * instrumented. Not needed with `telemetry.prometheus`, which serves them itself.
 */
export const rainSocketsMetricProducer: MetricProducer = processHistograms as unknown as MetricProducer;
