// Every deep or internal @nestjs/* import lives here, so a Nest upgrade touches one file.
import type { ExternalContextCreator } from '@nestjs/core';

export { ROUTE_ARGS_METADATA, GUARDS_METADATA } from '@nestjs/common/constants.js';
export { selectExceptionFilterMetadata } from '@nestjs/common/internal';
export {
  MESSAGE_MAPPING_METADATA,
  MESSAGE_METADATA,
  GATEWAY_METADATA,
  GATEWAY_OPTIONS,
  GATEWAY_SERVER_METADATA,
  PORT_METADATA,
} from '@nestjs/websockets/constants.js';
export { WsParamtype } from '@nestjs/websockets/enums/ws-paramtype.enum.js';
export { WsParamsFactory } from '@nestjs/websockets/factories/ws-params-factory.js';
export { GuardsConsumer, GuardsContextCreator, ExecutionContextHost } from '@nestjs/core/internal';

import type { ExceptionFilterMetadata } from '@nestjs/common/internal';

/**
 * ExternalContextCreator's own filter step treats a filter that returns nothing as
 * "not handled" and rethrows, but a WsExceptionFilter answers the client and returns
 * void. So we bind handlers without that step and select the filters ourselves, from
 * the same creator Nest uses (global, class and method filters, with their DI).
 */
export function resolveExceptionFilters(
  creator: ExternalContextCreator,
  instance: object,
  callback: Function,
): ExceptionFilterMetadata[] {
  const internal = creator as unknown as {
    filtersContextCreator: { create(i: object, cb: Function, moduleKey: string): { filters?: ExceptionFilterMetadata[] } };
    getHostModuleKey(i: object, classRef: Function): string;
    getContextModuleKey(classRef: Function): string;
  };
  const moduleKey = hostModuleKey(creator, instance);
  return internal.filtersContextCreator.create(instance, callback, moduleKey).filters ?? [];
}

/** The key of the module that holds the provider, as ExternalContextCreator finds it. */
export function hostModuleKey(creator: ExternalContextCreator, instance: object): string {
  const internal = creator as unknown as {
    getHostModuleKey(i: object, classRef: Function): string;
    getContextModuleKey(classRef: Function): string;
  };
  const classRef = instance.constructor;
  return internal.getHostModuleKey(instance, classRef) || internal.getContextModuleKey(classRef);
}

/** What we use of the app's ApplicationConfig: global enhancers and the websocket adapter of its gateways. */
export interface NestApplicationConfig {
  addGlobalGuard(guard: object): void;
  addGlobalInterceptor(interceptor: object): void;
  /** The adapter `app.useWebSocketAdapter()` set, or the IoAdapter Nest made for its gateways, or null. */
  getIoAdapter(): object | null | undefined;
  setIoAdapter(adapter: object): void;
}

/** The app's ApplicationConfig, which Nest does not offer for injection. */
export function applicationConfigOf(creator: ExternalContextCreator): NestApplicationConfig {
  return (creator as unknown as { guardsContextCreator: { config: never } }).guardsContextCreator.config;
}
