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
  ],
  exports: [RAIN_SOCKETS_OPTIONS, RainSocketsRegistry, RainIdleService, RainPresenceService, RainClusterService, RainSessionService],
})
export class RainSocketsModule extends RainSocketsConfigurableModule implements NestModule {
  constructor(private readonly sessions: RainSessionService) {
    super();
  }

  /** `forRoot()` alone serves component sockets with every default (sessions off, one node). */
  static override forRoot(options: typeof RAIN_SOCKETS_OPTIONS_TYPE = {}): DynamicModule {
    return super.forRoot(options);
  }

  /** HTTP shares the sockets' session: the middleware on every route, and the keep-alive route. */
  configure(consumer: MiddlewareConsumer): void {
    if (!this.sessions.enabled) return;
    if (this.sessions.mountsOnHttp) consumer.apply(this.sessions.middleware!).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
    const keepAlive = this.sessions.keepAlivePath;
    if (keepAlive) consumer.apply(keepAliveHandler(this.sessions)).forRoutes({ path: keepAlive, method: RequestMethod.GET });
  }
}
