import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DynamicModule, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RainHandlerFactory } from './handlers/rain-handler.factory.js';
import {
  RAIN_SOCKETS_OPTIONS,
  RAIN_SOCKETS_OPTIONS_TYPE,
  RainSocketsConfigurableModule,
} from './core/rain-sockets-module-definition.js';
import { RainSocketsMetadataAccessor } from './core/rain-sockets-metadata.accessor.js';
import { RainSocketsExplorer } from './core/rain-sockets.explorer.js';
import { RainSocketsRegistry } from './core/rain-sockets.registry.js';
import { RainSocketsServer } from './core/rain-sockets.server.js';
import { rainIoServerProvider } from './gateway-compat/rain-io-server.js';
import { EXTENSION_CLASSES, extensionsProvider } from './core/rain-socket-extensions.provider.js';
import { keepAliveHandler } from './session/keep-alive.middleware.js';
import { RainSessionGuard } from './session/rain-session.guard.js';
import { RainSessionService } from './session/rain-session.service.js';
import { SessionSaveInterceptor } from './session/session-save.interceptor.js';
import { IDLE_PROVIDERS } from './idle/idle.providers.js';
import { RainIdleService } from './idle/rain-idle.service.js';
import { RainPresenceService } from './presence/rain-presence.service.js';
import { ClientBundleController } from './client-bundle/client-bundle.controller.js';
import { SECURITY_PROVIDERS } from './security/security.providers.js';
import { CLUSTER_PROVIDERS } from './cluster/cluster.providers.js';
import { RainClusterService } from './cluster/rain-cluster.service.js';
import { TelemetryExtension } from './telemetry/telemetry.extension.js';
import { DashboardExtension } from './dashboard/dashboard.extension.js';
import { ClusterProbe } from './health/cluster-probe.js';
import { RainSocketsHealthIndicator } from './health/rain-sockets-health.indicator.js';

/**
 * Serves every `@ComponentSocket` provider of the app on `/{componentId}/{version}/{channel}`.
 * Import it once, at the app root, with `forRoot(options)` or `forRootAsync({ useFactory, inject })`.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [ClientBundleController],
  providers: [
    RainSocketsMetadataAccessor,
    RainSocketsExplorer,
    RainHandlerFactory,
    RainSocketsRegistry,
    rainIoServerProvider,
    RainSocketsServer,
    ...EXTENSION_CLASSES,
    extensionsProvider,
    ...IDLE_PROVIDERS,
    ...SECURITY_PROVIDERS,
    // After IDLE_PROVIDERS: with cluster.idleLimit 'cluster' its connection counter replaces idle's.
    ...CLUSTER_PROVIDERS,
    // Made global by RainSocketsServer when sessions are on (and then they act only on component sockets).
    RainSessionGuard,
    SessionSaveInterceptor,
    ClusterProbe,
    RainSocketsHealthIndicator,
  ],
  exports: [
    RAIN_SOCKETS_OPTIONS,
    RainSocketsRegistry,
    RainIdleService,
    RainPresenceService,
    RainClusterService,
    RainSessionService,
    RainSocketsHealthIndicator,
  ],
})
export class RainSocketsModule extends RainSocketsConfigurableModule implements NestModule {
  /** @internal Nest builds the module; its parameters (telemetry, dashboard) stay out of the .d.ts. */
  constructor(
    private readonly sessions: RainSessionService,
    private readonly telemetry: TelemetryExtension,
    private readonly dashboard: DashboardExtension,
  ) {
    super();
  }

  /** `forRoot()` alone serves component sockets with every default (sessions off, one node). */
  static override forRoot(options: typeof RAIN_SOCKETS_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }

  /** HTTP shares the sockets' session (the middleware on every route, the keep-alive route); the operators' routes. */
  configure(consumer: MiddlewareConsumer): void {
    const metrics = this.telemetry.settings?.prometheusPath;
    if (metrics) consumer.apply(serve((req, res) => this.telemetry.servePrometheus(req, res))).forRoutes({ path: metrics, method: RequestMethod.GET });
    const page = this.dashboard.path;
    if (page) consumer.apply(serve((req, res) => this.dashboard.servePage(req, res))).forRoutes({ path: page, method: RequestMethod.GET });
    if (!this.sessions.enabled) return;
    if (this.sessions.mountsOnHttp) consumer.apply(this.sessions.middleware!).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
    const keepAlive = this.sessions.keepAlivePath;
    if (keepAlive) consumer.apply(keepAliveHandler(this.sessions)).forRoutes({ path: keepAlive, method: RequestMethod.GET });
  }
}

/** A route answered by `handle` as a middleware (its path comes from an option, so it cannot be a controller's). */
function serve(handle: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>) {
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    Promise.resolve()
      .then(() => handle(req, res))
      .catch(next);
  };
}
