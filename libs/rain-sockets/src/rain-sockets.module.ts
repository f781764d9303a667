import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RainHandlerFactory } from './handlers/rain-handler.factory.js';
import { RainSocketsConfigurableModule } from './rain-sockets-module-definition.js';
import { RainSocketsMetadataAccessor } from './rain-sockets-metadata.accessor.js';
import { RainSocketsExplorer } from './rain-sockets.explorer.js';
import { RainSocketsRegistry } from './rain-sockets.registry.js';
import { RainSocketsServer } from './rain-sockets.server.js';
import { EXTENSION_CLASSES, extensionsProvider } from './rain-socket-extensions.provider.js';

/**
 * Serves every `@ComponentSocket` provider of the app on `/{componentId}/{version}/{channel}`.
 * Import it once, at the app root, with `forRoot(options)` or `forRootAsync({ useFactory, inject })`.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    RainSocketsMetadataAccessor,
    RainSocketsExplorer,
    RainHandlerFactory,
    RainSocketsRegistry,
    RainSocketsServer,
    ...EXTENSION_CLASSES,
    extensionsProvider,
  ],
  exports: [RainSocketsRegistry],
})
export class RainSocketsModule extends RainSocketsConfigurableModule {}
