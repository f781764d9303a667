// The whole public API of rain-sockets. Anything not exported here is internal.

/**
 * RAIN's component websockets for NestJS: `RainSocketsModule`, the `@ComponentSocket` and
 * `@RainComponent` decorators, the injectable services, the error classes and the types.
 * Guides: docs/ of the repository.
 *
 * @module rain-sockets
 */
export { RainSocketsModule } from './rain-sockets.module.js';
export { RAIN_SOCKETS_OPTIONS } from './core/rain-sockets-module-definition.js';
export type { RainSocketsOptions } from './core/rain-sockets-options.interface.js';
export { RainSocketsRegistry } from './core/rain-sockets.registry.js';
export { ComponentServer } from './core/component-server.js';
export type { RainSocket, OnRainConnection, OnRainDisconnect, OnRainUnknownEvent } from './core/rain-socket.interface.js';

export { ComponentSocket, type ComponentSocketOptions } from './decorators/component-socket.decorator.js';
export { RainComponent, type RainComponentMetadata } from './decorators/rain-component.decorator.js';
export { UseConnectionGuards } from './decorators/use-connection-guards.decorator.js';

export { RainClientError, type RainErrorPayload } from './handlers/ws-error.js';
export { InvalidRainSocketsOptionError } from './errors/invalid-rain-sockets-option.error.js';
export { NamespaceConflictError } from './errors/namespace-conflict.error.js';
export { InvalidComponentSocketError } from './errors/invalid-component-socket.error.js';
export { MissingPeerDependencyError } from './errors/missing-peer-dependency.error.js';
export { GatewayConflictError } from './errors/gateway-conflict.error.js';

export type { RainSession } from './session/rain-session.interface.js';
export { Session } from './session/session.decorator.js';
export { RainSessionGuard } from './session/rain-session.guard.js';
export { SessionSaveInterceptor } from './session/session-save.interceptor.js';
export { RainSessionService } from './session/rain-session.service.js';
export type { RainSessionStats } from './session/session-stats.js';
export type { RainSessionOptions, RainSessionConfig, RainSessionMiddlewareConfig } from './session/session-options.interface.js';

export { RainIdleService } from './idle/rain-idle.service.js';
export { RAIN_CONNECTION_COUNTER, type RainConnectionCounter } from './idle/connection-counter.interface.js';
export { LocalConnectionCounter } from './idle/local-connection-counter.js';
export { RAIN_EVICTED_EVENT } from './idle/idle.constants.js';
export type { RainIdleOptions, RainEvictionInfo } from './idle/idle-options.interface.js';

export { OnUpload } from './uploads/on-upload.decorator.js';
export { Upload } from './uploads/upload.decorator.js';
export type { RainUpload, RainUploadInfo, RainUploadMode, RainUploadOptions } from './uploads/rain-upload.interface.js';
export { InvalidUploadOptionError } from './uploads/invalid-upload-option.error.js';

export { RainRoomsModule } from './rooms/rain-rooms.module.js';
export { RAIN_ROOMS_OPTIONS } from './rooms/rain-rooms-module-definition.js';
export { RainRoomsService } from './rooms/rain-rooms.service.js';
export type { RainRoomsOptions, RoomAuthorizer, RoomAccessRequest } from './rooms/rain-rooms-options.interface.js';
export type {
  RoomMessage,
  RoomAlert,
  RoomWelcome,
  RoomMember,
  RoomView,
  ConnectionDetails,
  RoomsFailure,
} from './rooms/rain-rooms.interface.js';

export { RainPresenceService } from './presence/rain-presence.service.js';
export { PRESENCE_STATE_EVENT, PRESENCE_DIFF_EVENT } from './presence/presence.constants.js';
export type { RainPresenceOptions } from './presence/presence-options.interface.js';
export type {
  PresenceMeta,
  PresenceMetaWithRef,
  PresenceState,
  PresenceStatePayload,
  PresenceDiffPayload,
  PresenceTopicOptions,
} from './presence/presence.types.js';
export { typedEvents, type TypedEventDecorators } from './typed-events/typed-events.js';
export type {
  RainEvents,
  EventsMap,
  RainSocketOf,
  ClientPayload,
  ServerPayload,
  AckAnswer,
  HandlerResult,
} from './typed-events/rain-events.js';

export type { RainClientBundleOptions } from './client-bundle/client-bundle.options.js';

export { RainClusterService } from './cluster/rain-cluster.service.js';
export { RedisUnavailableError } from './cluster/redis-unavailable.error.js';
export type { RainClusterOptions } from './cluster/cluster-options.interface.js';

export type { RainTelemetryOptions, RainMeterProvider, RainTracerProvider } from './telemetry/telemetry-options.interface.js';
export { TRACE_ENVELOPE_KEY } from './telemetry/telemetry.constants.js';
export { RainSocketsHealthIndicator, type RainHealthResult } from './health/rain-sockets-health.indicator.js';
export type { RainDashboardOptions } from './dashboard/dashboard-options.interface.js';

export { RAIN_CONNECTION_TALLY, type RainConnectionTally } from './security/connection-tally.interface.js';
export { LocalConnectionTally } from './security/local-connection-tally.js';
export type {
  RainAllowedOrigins,
  RainTokenBucket,
  RainUserKey,
  RainRateLimitOptions,
  RainConnectionLimitOptions,
  RainSlowConsumerOptions,
} from './security/security-options.interface.js';

// Nest's own websocket vocabulary, re-exported so one import serves a component socket.
export { SubscribeMessage, MessageBody, ConnectedSocket, Ack, WsException } from '@nestjs/websockets';
