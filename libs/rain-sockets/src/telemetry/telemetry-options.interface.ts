/**
 * Structurally @opentelemetry/api's MeterProvider (typed here so that an app without
 * OpenTelemetry installed still compiles against rain-sockets).
 */
export interface RainMeterProvider {
  getMeter(name: string, version?: string, options?: object): unknown;
}

/** Structurally @opentelemetry/api's TracerProvider. */
export interface RainTracerProvider {
  getTracer(name: string, version?: string, options?: object): unknown;
}

/** Metrics and traces through `@opentelemetry/api` (an optional peer); `true` takes every default. */
export interface RainTelemetryOptions {
  /** Counters, gauges and histograms of connections, events, refusals, sessions, Redis. Default true. */
  metrics?: boolean;
  /** A span per handled event, a child of the client's trace when it sends one. Default true. */
  traces?: boolean;
  /**
   * Serve the metrics as Prometheus text on this app's HTTP server: `true` at `/metrics`, or
   * `{ path }`. They then go to a MeterProvider of our own with OpenTelemetry's Prometheus
   * exporter (`@opentelemetry/sdk-metrics` and `@opentelemetry/exporter-prometheus`, optional
   * peers), not to the app's. Default off.
   */
  prometheus?: boolean | { path?: string };
  /** Where the metrics go. Default: the global one (`metrics.getMeterProvider()`), a no-op until an SDK registers. */
  meterProvider?: RainMeterProvider;
  /** Where the spans go. Default: the global one, a no-op until an SDK registers. */
  tracerProvider?: RainTracerProvider;
}
