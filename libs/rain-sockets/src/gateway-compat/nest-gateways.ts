import type { DiscoveryService } from '@nestjs/core';
import { DEFAULT_SOCKET_PATH } from '../core/rain-sockets.constants.js';
import type { RainSocketsMetadataAccessor } from '../core/rain-sockets-metadata.accessor.js';

/** A Nest `@WebSocketGateway` of the app, as Nest will serve it. */
export interface NestGateway {
  name: string;
  /** 0: on the app's HTTP server. */
  port: number;
  /** socket.io's path, without a trailing slash. */
  path: string;
  /** Its namespace with a leading slash, when it names one (a RegExp or function namespace is left out). */
  namespace?: string;
  /** Server options it sets besides `path` and `namespace` (cors, transports...). */
  serverOptions: string[];
}

/** The path socket.io serves for a `path` option: socket.io and engine.io ignore a trailing slash. */
export function socketPath(path: unknown): string {
  const given = typeof path === 'string' && path !== '' ? path : DEFAULT_SOCKET_PATH;
  return given.length > 1 ? given.replace(/\/+$/, '') : given;
}

/**
 * Finds the gateways Nest will serve. Nest's SocketModule reads the decorator from each
 * provider's metatype, so a factory or value provider is no gateway for Nest: nor for us.
 */
export function findNestGateways(discovery: DiscoveryService, accessor: RainSocketsMetadataAccessor): NestGateway[] {
  const gateways: NestGateway[] = [];
  for (const wrapper of discovery.getProviders()) {
    if (wrapper.isNotMetatype || typeof wrapper.metatype !== 'function') continue;
    const metadata = accessor.getGateway(wrapper.metatype);
    if (!metadata) continue;
    const { path, namespace, ...serverOptions } = metadata.options;
    gateways.push({
      name: wrapper.metatype.name,
      port: metadata.port,
      path: socketPath(path),
      namespace: typeof namespace === 'string' ? `/${namespace.replace(/^\/+/, '')}` : undefined,
      serverOptions: Object.keys(serverOptions).filter((key) => serverOptions[key] !== undefined),
    });
  }
  return gateways;
}
