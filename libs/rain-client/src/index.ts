// The whole public API of rain-client. Anything not exported here is internal.

/**
 * RAIN's client runtime for rain-sockets, in browsers and Node: component contexts and their
 * socket.io sockets, the app-wide bus, the session keep-alive, reconnect-on-emit, uploads,
 * presence and actionHero-style rooms. In a page, the same API is the global `RainClient` of
 * `/rain/client.js`.
 *
 * @module rain-client
 */
export { createRainClient, type RainClient } from './rain-client.js';
export type { RainClientOptions, TraceContextCarrier } from './rain-client-options.js';
export type { RainRetryOptions } from './retry-retryable.js';
export type { ComponentContext, ComponentMessaging } from './component-context.js';
export type { RainEvents, ClientSocketOf } from './component-context.js';
export type { MessageBus, Subscriber } from './message-bus.js';
export type { SessionExpiredPayload, SessionExpiredReason } from './keep-alive.js';
export { RainEmitError, type RainEmitErrorCode, type RainEmitErrorPayload } from './emit-error.js';
export {
  SESSION_EXPIRED_EVENT,
  SESSION_INFO_EVENT,
  EVICTED_EVENT,
  SERVER_SHUTDOWN_EVENT,
  DEFAULT_KEEP_ALIVE_PATH,
  TRACE_ENVELOPE_KEY,
} from './protocol.js';
export * from './uploads/index.js';
export * from './rooms/index.js';
export * from './presence/index.js';
// socket.io-client's Socket is what getSocket returns.
export type { Socket } from 'socket.io-client';
