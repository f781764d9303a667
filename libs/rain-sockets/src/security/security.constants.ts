import type { RainTokenBucket } from './security-options.interface.js';

/** socket.io's own default, stated: the largest message a client may send (bytes). */
export const DEFAULT_MAX_HTTP_BUFFER_SIZE = 1_000_000;

/** Deeper JSON is refused before it is parsed (JSON APIs rarely nest past a dozen levels). */
export const DEFAULT_MAX_PAYLOAD_DEPTH = 64;

export const DEFAULT_PER_CONNECTION_RATE: RainTokenBucket = { burst: 100, perSecond: 50 };
export const DEFAULT_PER_USER_RATE: RainTokenBucket = { burst: 200, perSecond: 100 };
export const DEFAULT_DISCONNECT_AFTER = 50;

export const DEFAULT_CONNECTIONS_PER_USER = 20;

export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
export const DEFAULT_SLOW_CONSUMER_GRACE = 5_000;

/**
 * How long a connection that passed the caps may take to finish its handshake (the other
 * admission steps and guards) before its place is given back, in case it never connects.
 */
export const CONNECTION_RESERVATION_TTL = 10_000;

/** How often buckets of users with no socket left are dropped once they are full again. */
export const USER_BUCKET_SWEEP_INTERVAL = 60_000;

/** A too-deep event becomes an event of this prefix plus its name, without arguments, so that its sender gets an answer. */
export const PAYLOAD_TOO_DEEP_PREFIX = 'rain:payload_too_deep:';
