export const DEFAULT_KEY_PREFIX = 'rain:';
export const DEFAULT_CONNECT_TIMEOUT = 5_000;
export const DEFAULT_COMMAND_TIMEOUT = 2_000;
export const DEFAULT_HEARTBEAT_INTERVAL = 5_000;
export const DEFAULT_RECOVERY_WINDOW = 120_000;

/** A node whose record was not renewed for this many heartbeats is counted as gone. */
export const MISSED_HEARTBEATS = 3;

/** Longest pause between two reconnection attempts once started (ms). */
export const MAX_RECONNECT_DELAY = 2_000;

/** Broadcasts a node holds for Redis while it is away; past this, new ones reach this node's sockets only. */
export const MAX_HELD_BROADCASTS = 10_000;

/**
 * A restarted Redis without persistence forgets stream entries some node had not read yet;
 * what was written this long before the connection dropped is written again (ms).
 */
export const REPLAY_WINDOW = 2_000;

/**
 * Server → client with connection state recovery: the stream offset up to which the socket has
 * everything, sent at connect and every `recoveryRenewEvery` (socket.io-client keeps the last
 * one as the point it recovers from, so a socket that got no broadcast yet can recover too).
 */
export const RECOVERY_OFFSET_EVENT = 'rain:offset';
