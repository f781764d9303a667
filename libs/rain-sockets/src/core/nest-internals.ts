// Every deep or internal @nestjs/* import lives here, so a Nest upgrade touches one file.
import type { CanActivate, NestInterceptor, PipeTransform } from '@nestjs/common';
import type { ExternalContextCreator } from '@nestjs/core';
import type { ExceptionFilterMetadata } from '@nestjs/common/internal';

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
export {
  ExecutionContextHost,
  FORBIDDEN_MESSAGE,
  GuardsConsumer,
  GuardsContextCreator,
  ParamsTokenFactory,
} from '@nestjs/core/internal';
export type { ExceptionFilterMetadata };

/** One parameter of a handler as Nest resolved it (`ParamProperties` plus the design type). */
export interface HandlerParam {
  index: number;
  /** A number for the built-in ws types (socket, payload, ack); a string for a custom decorator. */
  type: number | string;
  data: unknown;
  pipes: PipeTransform[];
  schema?: unknown;
  metatype?: unknown;
  /** Nest's extractor: `(...wsArgs) => value`; a custom decorator's runs its factory. */
  extractValue(...args: unknown[]): unknown;
}

/** What Nest's ExternalContextCreator decides for one handler, before it composes its generic pipeline. */
export interface HandlerEnhancers {
  guards: CanActivate[];
  interceptors: NestInterceptor[];
  /** Global, class and method pipes: they run on every parameter, before its own pipes. */
  pipes: PipeTransform[];
  /** Empty when the handler takes no parameter decorator: it is then called with the raw ws arguments. */
  params: HandlerParam[];
  argsLength: number;
  filters: ExceptionFilterMetadata[];
}

/**
 * The compiled pipeline (handlers/handler-pipeline.ts) runs the enhancers that Nest picks for a
 * handler, but not through Nest's generic composition (an awaited guard, `Promise.all` over the
 * parameters, an rxjs chain and two AsyncResources per event). To pick them exactly as Nest
 * does (global, class and method level, the host's module, transient enhancers of the host),
 * it runs `ExternalContextCreator.create()` itself on a probe: an object whose prototype is the
 * app's creator, with these members of @nestjs/core 12's ExternalContextCreator replaced by
 * recorders that keep what `create()` hands them:
 * - `getMetadata()` (for `argsLength`),
 * - `createGuardsFn(guards)`, `createPipesFn(pipes, paramsOptions)` (the parameters with their
 *   `index`, `type`, `data`, `pipes`, `schema`, `metatype`, `extractValue`),
 * - `interceptorsContextCreator.create()` and `filtersContextCreator.create()` (whose handler
 *   keeps the filters in `.filters`).
 * It also relies on the semantics it reproduces: GuardsConsumer (a boolean is taken as it is,
 * anything else awaited, an Observable's last value, a denial is `ForbiddenException(
 * FORBIDDEN_MESSAGE)`), PipesConsumer (a thenable value is awaited, then every pipe in order with
 * `{ metatype, type: ParamsTokenFactory's token, data, schema }`), InterceptorsConsumer (each
 * `handle()` is a lazy Observable run in the async context of its call) and `transformToResult`
 * (an Observable's last value, EmptyError when it has none).
 * When a Nest upgrade renames one of these members, `captureHandlerEnhancers` returns undefined
 * and the factory falls back to Nest's own generic pipeline (with a warning), and
 * handlers/handler-pipeline.spec.ts fails: it asserts the capture and compares the compiled
 * pipeline with Nest's generic one, outcome by outcome, over guards, interceptors, pipes and
 * filters at every level.
 */
export function captureHandlerEnhancers(
  creator: ExternalContextCreator,
  instance: object,
  methodName: string,
  paramsFactory: unknown,
  metadataKey: string,
  { guards: withGuards }: { guards: boolean },
): HandlerEnhancers | undefined {
  const internal = creator as unknown as CreatorInternals;
  const callback = (instance as Record<string, Function>)[methodName]!;
  const seen: Partial<HandlerEnhancers> = {};
  const probe = Object.create(creator) as CreatorInternals & { create: ExternalContextCreator['create'] };
  probe.getMetadata = function (...args: unknown[]) {
    const metadata = internal.getMetadata.apply(creator, args);
    seen.argsLength = metadata.argsLength;
    return metadata;
  };
  probe.createGuardsFn = (guards: CanActivate[]) => {
    seen.guards = guards;
    return null;
  };
  probe.createPipesFn = (pipes: PipeTransform[], params: HandlerParam[]) => {
    seen.pipes = pipes;
    seen.params = params;
    return null;
  };
  probe.interceptorsContextCreator = {
    create: (...args: unknown[]) => (seen.interceptors = internal.interceptorsContextCreator.create(...args)),
  };
  probe.filtersContextCreator = {
    create: (...args: unknown[]) => {
      const handler = internal.filtersContextCreator.create(...args);
      seen.filters = handler.filters;
      return handler;
    },
  };
  try {
    probe.create(
      instance as Record<string, unknown>,
      callback as (...args: unknown[]) => unknown,
      methodName,
      metadataKey,
      paramsFactory as never,
      undefined,
      undefined,
      { guards: withGuards, interceptors: true, filters: false },
      'ws',
    );
  } catch {
    return undefined;
  }
  if (!withGuards) seen.guards = [];
  const { guards, interceptors, pipes, params, argsLength, filters } = seen;
  if (!Array.isArray(guards) || !Array.isArray(interceptors) || !Array.isArray(pipes) || !Array.isArray(params)) return undefined;
  if (typeof argsLength !== 'number' || !Array.isArray(filters)) return undefined;
  return { guards, interceptors, pipes, params, argsLength, filters };
}

/** The members of ExternalContextCreator the probe above replaces or calls (see its comment). */
interface CreatorInternals {
  getMetadata(...args: unknown[]): { argsLength: number };
  createGuardsFn(guards: CanActivate[]): unknown;
  createPipesFn(pipes: PipeTransform[], params: HandlerParam[]): unknown;
  interceptorsContextCreator: { create(...args: unknown[]): NestInterceptor[] };
  filtersContextCreator: { create(...args: unknown[]): { filters: ExceptionFilterMetadata[] } };
}

/**
 * The fallback when the probe above fails: the filters Nest would bind to the handler, read from
 * the same creator (global, class and method filters, with their DI), or none when that fails too.
 * ExternalContextCreator's own filter step cannot be used: it treats a filter that returns nothing
 * as "not handled" and rethrows, but a WsExceptionFilter answers the client and returns void.
 */
export function resolveExceptionFilters(creator: ExternalContextCreator, instance: object, callback: Function): ExceptionFilterMetadata[] {
  const internal = creator as unknown as {
    filtersContextCreator: { create(i: object, cb: Function, moduleKey: string): { filters?: ExceptionFilterMetadata[] } };
    getHostModuleKey(i: object, classRef: Function): string;
    getContextModuleKey(classRef: Function): string;
  };
  try {
    const classRef = instance.constructor;
    const moduleKey = internal.getHostModuleKey(instance, classRef) || internal.getContextModuleKey(classRef);
    return internal.filtersContextCreator.create(instance, callback, moduleKey).filters ?? [];
  } catch {
    return [];
  }
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
