import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainMeterProvider, RainTracerProvider } from './telemetry-options.interface.js';
import { DEFAULT_PROMETHEUS_PATH } from './telemetry.constants.js';

/** The `telemetry` option with every default applied. */
export interface TelemetrySettings {
  metrics: boolean;
  traces: boolean;
  /** The route of the Prometheus text, when served. */
  prometheusPath?: string;
  meterProvider?: RainMeterProvider;
  tracerProvider?: RainTracerProvider;
}

/** Undefined when telemetry is off (no `telemetry` option, or `false`). Expects validated options. */
export function resolveTelemetrySettings(options: RainSocketsOptions | undefined): TelemetrySettings | undefined {
  const option = options?.telemetry;
  if (!option) return undefined;
  const given = option === true ? {} : option;
  const prometheus = given.prometheus;
  const prometheusPath = prometheus ? (prometheus === true ? DEFAULT_PROMETHEUS_PATH : (prometheus.path ?? DEFAULT_PROMETHEUS_PATH)) : undefined;
  return {
    // Prometheus serves metrics: asking for it asks for them.
    metrics: (given.metrics ?? true) || prometheusPath !== undefined,
    traces: given.traces ?? true,
    prometheusPath,
    meterProvider: given.meterProvider,
    tracerProvider: given.tracerProvider,
  };
}
