import type { Provider, Type } from '@nestjs/common';
import type { RainSocketExtension } from './rain-socket-extension.interface.js';
import { RAIN_SOCKET_EXTENSIONS } from './rain-socket-extensions.token.js';
import { RainSessionService } from '../session/rain-session.service.js';
import { IdleEvictionExtension } from '../idle/idle-eviction.extension.js';
import { RainPresenceService } from '../presence/rain-presence.service.js';
import { OriginCheckExtension } from '../security/origin-check.extension.js';
import { SECURITY_EXTENSIONS } from '../security/security.providers.js';
import { ClusterExtension } from '../cluster/cluster.extension.js';
import { TelemetryExtension } from '../telemetry/telemetry.extension.js';
import { DashboardExtension } from '../dashboard/dashboard.extension.js';

/**
 * The concerns that take part in every component socket's life, in the order their
 * hooks run: the origin check before anything touches a session, then sessions (later
 * concerns and the guards read the session), then each concern after what it depends on.
 * Each is a provider of RainSocketsModule; add a concern here and to the module.
 */
export const EXTENSION_CLASSES: Type<RainSocketExtension>[] = [
  // Before sessions: its engine middleware refuses foreign origins before the session's loads one.
  OriginCheckExtension,
  RainSessionService,
  // Connection caps, rate limits, payload depth, slow consumers: they read the session id.
  ...SECURITY_EXTENSIONS,
  // After sessions: a connection another concern refuses must not cost an idle socket its slot.
  IdleEvictionExtension,
  // Admits everything; counts the sockets the others admitted in the cluster-wide record.
  ClusterExtension,
  // Last: its disconnect hook sends the leaves after every other concern let go of the socket.
  RainPresenceService,
  // Observers: count what the others admitted and refused; outermost around each event
  // (the only aroundEvent), so an event's span covers every concern's part in it.
  TelemetryExtension,
  // Serves its own namespace, never a component's: none of its sockets passes the hooks above.
  DashboardExtension,
];

export const extensionsProvider: Provider = {
  provide: RAIN_SOCKET_EXTENSIONS,
  useFactory: (...extensions: RainSocketExtension[]) => extensions,
  inject: EXTENSION_CLASSES,
};
