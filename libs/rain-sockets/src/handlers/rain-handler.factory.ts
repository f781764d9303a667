import { Injectable, Logger } from '@nestjs/common';
import { ExternalContextCreator } from '@nestjs/core';
import {
  applicationConfigOf,
  captureHandlerEnhancers,
  ExecutionContextHost,
  resolveExceptionFilters,
  ROUTE_ARGS_METADATA,
  selectExceptionFilterMetadata,
  WsParamsFactory,
} from '../core/nest-internals.js';
import { genericPipelineMessage } from './handlers.messages.js';
import { HANDLED_BY_FILTER, HandlerPipeline } from './handler-pipeline.js';

export { HANDLED_BY_FILTER } from './handler-pipeline.js';

/**
 * A handler bound to Nest's pipeline: call it with the ws arguments (socket, data, ack?). It
 * returns the result, or a promise of it when a step of the pipeline had to wait; it throws (or
 * rejects with) what no exception filter handled.
 */
export type BoundHandler = (socket: unknown, data: unknown, ack?: Function) => unknown;

/**
 * Binds methods of discovered providers to Nest's whole pipeline under the `ws`
 * context type, so guards, interceptors, pipes and filters written for gateways
 * (global, class and method level) run unchanged. Each handler's pipeline is compiled
 * once, here (see HandlerPipeline).
 */
@Injectable()
export class RainHandlerFactory {
  private readonly logger = new Logger('RainSockets');
  private readonly paramsFactory = new WsParamsFactory();

  constructor(private readonly contextCreator: ExternalContextCreator) {}

  /**
   * Adds a guard and an interceptor to the app's global enhancers, as `APP_GUARD` /
   * `APP_INTERCEPTOR` would, but only when called: an app without sessions keeps Nest's
   * fast path (no guard, no interceptor, no rxjs) on every event.
   */
  addGlobalEnhancers(guard: object, interceptor: object): void {
    const config = applicationConfigOf(this.contextCreator);
    config.addGlobalGuard(guard);
    config.addGlobalInterceptor(interceptor);
  }

  create(instance: object, methodName: string, { guards = true } = {}): BoundHandler {
    const enhancers = captureHandlerEnhancers(this.contextCreator, instance, methodName, this.paramsFactory, ROUTE_ARGS_METADATA, { guards });
    if (!enhancers) return this.generic(instance, methodName, guards);
    const pipeline = new HandlerPipeline(instance, (instance as Record<string, Function>)[methodName]!, enhancers, this.paramsFactory);
    return (socket, data, ack) => pipeline.run(ack === undefined ? [socket, data] : [socket, data, ack]);
  }

  /** Nest's own generic pipeline, when this version of @nestjs/core hides what the compiled one needs. */
  private generic(instance: object, methodName: string, guards: boolean): BoundHandler {
    const callback = (instance as Record<string, Function>)[methodName]!;
    this.logger.warn(genericPipelineMessage(instance.constructor.name, methodName));
    const target = this.contextCreator.create(
      instance as Record<string, unknown>,
      callback as (...args: unknown[]) => unknown,
      methodName,
      ROUTE_ARGS_METADATA,
      this.paramsFactory as never,
      undefined,
      undefined,
      { guards, interceptors: true, filters: false },
      'ws',
    );
    const filters = resolveExceptionFilters(this.contextCreator, instance, callback);
    return async (socket, data, ack) => {
      const args = ack === undefined ? [socket, data] : [socket, data, ack];
      try {
        return await target(...args);
      } catch (error) {
        const filter = selectExceptionFilterMetadata(filters, error);
        if (!filter) throw error;
        const host = new ExecutionContextHost(args, instance.constructor as never, callback as never);
        host.setType('ws');
        await filter.func(error, host);
        return HANDLED_BY_FILTER;
      }
    };
  }
}
