import { loadOptionalPeer } from '../core/optional-peer.js';

// OpenTelemetry is an optional peer of rain-sockets: the app owns its SDK (and so the one
// copy of the API its SDK registers with). Loaded here, and only when `telemetry` is on.

export type OtelApi = typeof import('@opentelemetry/api');
export type SdkMetrics = typeof import('@opentelemetry/sdk-metrics');
export type PrometheusExporterModule = typeof import('@opentelemetry/exporter-prometheus');

export const loadOtelApi = (): Promise<OtelApi> =>
  loadOptionalPeer('@opentelemetry/api', 'the "telemetry" option', () => import('@opentelemetry/api'));

export const loadSdkMetrics = (): Promise<SdkMetrics> =>
  loadOptionalPeer('@opentelemetry/sdk-metrics', 'the "telemetry.prometheus" option', () => import('@opentelemetry/sdk-metrics'));

export const loadPrometheusExporter = (): Promise<PrometheusExporterModule> =>
  loadOptionalPeer('@opentelemetry/exporter-prometheus', 'the "telemetry.prometheus" option', () => import('@opentelemetry/exporter-prometheus'));
