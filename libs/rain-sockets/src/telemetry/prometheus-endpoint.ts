import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import type { HistogramProducer } from './histogram-producer.js';
import { loadPrometheusExporter, loadSdkMetrics } from './otel-peers.js';
import { INSTRUMENTATION_SCOPE } from './telemetry.constants.js';

/**
 * A MeterProvider of our own whose only reader is OpenTelemetry's Prometheus exporter,
 * without its HTTP server: the app's own HTTP server serves the text on a route, so the
 * metrics share the app's port, TLS and middlewares (and its guards, if it adds them there).
 * The exporter also reads this app's histograms from `histograms`.
 */
export class PrometheusEndpoint {
  private constructor(
    readonly meter: Meter,
    private readonly exporter: { getMetricsRequestHandler(req: IncomingMessage, res: ServerResponse): void },
    private readonly provider: { shutdown(): Promise<void> },
  ) {}

  static async create(histograms: HistogramProducer): Promise<PrometheusEndpoint> {
    const [{ MeterProvider }, { PrometheusExporter }] = await Promise.all([loadSdkMetrics(), loadPrometheusExporter()]);
    const exporter = new PrometheusExporter({ preventServerStart: true, metricProducers: [histograms as never] });
    const provider = new MeterProvider({ readers: [exporter] });
    return new PrometheusEndpoint(provider.getMeter(INSTRUMENTATION_SCOPE), exporter, provider);
  }

  serve(req: IncomingMessage, res: ServerResponse): void {
    this.exporter.getMetricsRequestHandler(req, res);
  }

  shutdown(): Promise<void> {
    return this.provider.shutdown();
  }
}
