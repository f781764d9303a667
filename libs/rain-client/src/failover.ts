import type { ManagerOptions } from 'socket.io-client';

/**
 * How soon the runtime reconnects after losing its connection (its node died or drained):
 * the first attempt 100 to 300 ms later (socket.io-client's default: 500 to 1500 ms), then
 * doubling up to socket.io-client's 5 s. With the server's connection state recovery nothing
 * is lost meanwhile, but the gap is what users see. The jitter spreads the clients of a node
 * over the others. An app's own `socket` options win.
 */
export const FAILOVER_RECONNECTION: Partial<ManagerOptions> = { reconnectionDelay: 200, randomizationFactor: 0.5 };

/** A connection refused because its node is shutting down is tried again (elsewhere) after this long, in ms. */
export const SHUTDOWN_RETRY_DELAY = 200;
