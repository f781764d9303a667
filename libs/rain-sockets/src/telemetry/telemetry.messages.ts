// Every text of the telemetry concern a user can read.

export const prometheusNotReadyMessage = () => 'rain-sockets: the metrics are not ready yet (the socket server is starting or has closed).';

export const prometheusFailedMessage = (error: string) => `rain-sockets: collecting the metrics failed: ${error}`;

export const probeFailedMessage = (error: string) => `The Redis probe for the telemetry failed: ${error}`;

export const histogramsNotExportedMessage = () =>
  'rain-sockets: your MetricReader collects our counters but not our histograms (messaging.process.duration, rain_sockets.ack.latency, rain_sockets.connection.duration). ' +
  "Give it the producer: import { rainSocketsMetricProducer } from 'rain-sockets/otel'; new PeriodicExportingMetricReader({ exporter, metricProducers: [rainSocketsMetricProducer] }). See docs/operating.md.";
