/** The instrumentation scope of every meter and tracer of rain-sockets. */
export const INSTRUMENTATION_SCOPE = 'rain-sockets';

export const DEFAULT_PROMETHEUS_PATH = '/metrics';

/**
 * Where a client puts W3C trace context: a last argument `{ 'rain:trace': { traceparent,
 * tracestate } }` after the event's data (handlers only see the first argument), or the
 * handshake's `auth['rain:trace']`. rain-client sends it with its `traceContext` option.
 */
export const TRACE_ENVELOPE_KEY = 'rain:trace';

/** The event name metrics use for events no handler declares (so clients cannot grow the label set). */
export const OTHER_EVENT = '_other';

/** `messaging.system` of every event metric and span: the transport, as messaging conventions ask. */
export const MESSAGING_SYSTEM = 'socket.io';

/** Histogram bounds, in seconds, for event and ack durations (messaging conventions' advice, plus 1 ms). */
export const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Histogram bounds, in seconds, for connection lifetimes (SignalR's conventions' advice). */
export const CONNECTION_BUCKETS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600];

/** Upper bounds (ms) of the buckets the dashboard reads its quantiles from. */
export const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];

/** How often the Redis probe runs while telemetry is on (ms). */
export const REDIS_PROBE_INTERVAL = 10_000;
