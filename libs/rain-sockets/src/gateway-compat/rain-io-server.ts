import { Logger, type Provider } from '@nestjs/common';
import { DiscoveryService, ExternalContextCreator, HttpAdapterHost } from '@nestjs/core';
import { Server } from 'socket.io';
import type { ComponentSocketDefinition } from '../core/component-socket-definition.js';
import { applicationConfigOf, type NestApplicationConfig } from '../core/nest-internals.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import { RainSocketsMetadataAccessor } from '../core/rain-sockets-metadata.accessor.js';
import { validateOptions } from '../core/rain-sockets-options.validator.js';
import { noHttpServerMessage } from '../core/rain-sockets.messages.js';
import { socketIoServerOptions } from '../core/socket-io-server-options.js';
import { GatewayConflictError } from '../errors/gateway-conflict.error.js';
import { MissingPeerDependencyError } from '../errors/missing-peer-dependency.error.js';
import { loadOptionalPeer } from '../core/optional-peer.js';
import { NamespaceConflictError } from '../errors/namespace-conflict.error.js';
import {
  gatewayNamespaceMessage,
  gatewaySharesPathMessage,
  gatewayPathAdapterConflictMessage,
  gatewayServerOptionsMessage,
} from './gateway-compat.messages.js';
import { findNestGateways, type NestGateway, socketPath } from './nest-gateways.js';
import { type IoAdapterClass, type IoAdapterLike, sharedPathAdapter } from './shared-path-adapter.js';

/**
 * The component sockets' one socket.io server, and its life beside Nest's gateways.
 *
 * Nest connects its gateways before any lifecycle hook runs (in `app.init()`, ahead of
 * onModuleInit), each through the app's websocket adapter, and keeps one socket.io server
 * per port and path. Two engine.io servers on one path of one HTTP server crash the
 * process at the first websocket upgrade. So when a gateway shares our path, this
 * provider, made while the app is created, installs as the app's default adapter Nest's
 * own IoAdapter with one change: on our path it hands out our server. An adapter the app
 * sets itself (`app.useWebSocketAdapter()`, after this) replaces ours; the gateway then
 * gets a server of its own on our path, and `checkGateways()` stops the start-up with the fix.
 */
export class RainIoServer {
  private readonly logger = new Logger('RainSockets');
  private io?: Server;
  /** The adapter we installed for gateways on our path, if any. */
  private adapter?: IoAdapterLike;
  readonly path: string;

  constructor(
    private readonly options: RainSocketsOptions,
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: NestApplicationConfig,
    readonly gateways: NestGateway[],
  ) {
    this.path = socketPath(options.path);
  }

  /** The gateways on our path of the app's HTTP server. */
  get gatewaysOnOurPath(): NestGateway[] {
    return this.gateways.filter((gateway) => gateway.port === 0 && gateway.path === this.path);
  }

  /** Installs the sharing adapter when a gateway will need it and the app has set none (yet). */
  async installAdapter(): Promise<void> {
    if (this.gatewaysOnOurPath.length === 0 || this.config.getIoAdapter()) return;
    const IoAdapter = await loadIoAdapter();
    // Without the package Nest cannot serve socket.io gateways at all, and says so itself.
    if (!IoAdapter) return;
    this.adapter = sharedPathAdapter(IoAdapter, this, socketPath);
    this.config.setIoAdapter(this.adapter);
  }

  /** The server, created on the first call (by a gateway of our path, or at our bootstrap). */
  server(): Server {
    if (this.io) return this.io;
    validateOptions(this.options);
    const httpServer = this.httpServer();
    if (!httpServer) throw new Error(noHttpServerMessage());
    this.io = new Server(httpServer as never, socketIoServerOptions(this.options));
    return this.io;
  }

  httpServer(): unknown {
    return this.adapterHost.httpAdapter?.getHttpServer();
  }

  isShared(server: unknown): boolean {
    return server !== undefined && server === this.io;
  }

  /** Stops the start-up when a gateway and the component sockets cannot live together as declared. */
  checkGateways(definitions: ComponentSocketDefinition[]): void {
    const ours = new Map(definitions.map((definition) => [definition.namespace, definition.name]));
    for (const gateway of this.gatewaysOnOurPath) {
      const adapter = this.config.getIoAdapter();
      if (adapter && adapter !== this.adapter) {
        throw new GatewayConflictError(gateway.name, this.path, gatewayPathAdapterConflictMessage(gateway.name, this.path, adapter.constructor.name));
      }
      if (gateway.serverOptions.length > 0) {
        throw new GatewayConflictError(gateway.name, this.path, gatewayServerOptionsMessage(gateway.name, this.path, gateway.serverOptions));
      }
      const claimed = gateway.namespace && ours.get(gateway.namespace);
      if (claimed) {
        throw new NamespaceConflictError(gateway.namespace!, gatewayNamespaceMessage(gateway.name, gateway.namespace!, claimed));
      }
    }
    for (const gateway of this.gatewaysOnOurPath) this.logger.log(gatewaySharesPathMessage(gateway.name, this.path));
  }
}

async function loadIoAdapter(): Promise<IoAdapterClass | undefined> {
  try {
    const platform = await loadOptionalPeer('@nestjs/platform-socket.io', 'a @WebSocketGateway', () => import('@nestjs/platform-socket.io'));
    return platform.IoAdapter as unknown as IoAdapterClass;
  } catch (error) {
    if (error instanceof MissingPeerDependencyError) return undefined;
    throw error;
  }
}

export const rainIoServerProvider: Provider = {
  provide: RainIoServer,
  useFactory: async (
    options: RainSocketsOptions,
    adapterHost: HttpAdapterHost,
    contextCreator: ExternalContextCreator,
    discovery: DiscoveryService,
    accessor: RainSocketsMetadataAccessor,
  ) => {
    const server = new RainIoServer(options, adapterHost, applicationConfigOf(contextCreator), findNestGateways(discovery, accessor));
    await server.installAdapter();
    return server;
  },
  inject: [RAIN_SOCKETS_OPTIONS, HttpAdapterHost, ExternalContextCreator, DiscoveryService, RainSocketsMetadataAccessor],
};
