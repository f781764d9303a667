// Every text of the telemetry concern a user can read.

export const prometheusNotReadyMessage = () => 'rain-sockets: the metrics are not ready yet (the socket server is starting or has closed).';

export const prometheusFailedMessage = (error: string) => `rain-sockets: collecting the metrics failed: ${error}`;

export const probeFailedMessage = (error: string) => `The Redis probe for the telemetry failed: ${error}`;
