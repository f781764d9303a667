/**
 * Sent, with an ack, to a socket evicted to free its slot: the server disconnects it once the client
 * acks (it has stopped sending, and what it sent before was served), or after EVICTION_GRACE.
 */
export const RAIN_EVICTED_EVENT = 'rain:evicted';

/**
 * How long an evicted socket's client has to confirm `rain:evicted` (by its ack: it has stopped
 * sending, and what it sent before was answered) before the server lets the socket go anyway (ms).
 */
export const EVICTION_GRACE = 2_000;

/** The sweep's name in @nestjs/schedule's SchedulerRegistry. */
export const IDLE_SWEEP_INTERVAL = 'rain-sockets:idle-sweep';

export const DEFAULT_IDLE_TIMEOUT = 300_000;
export const DEFAULT_CHECK_INTERVAL = 10_000;

/** setInterval's largest delay; a longer one fires at once, every millisecond. */
export const MAX_TIMER_DELAY = 2_147_483_647;
