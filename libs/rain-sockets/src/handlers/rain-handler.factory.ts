import { Injectable } from '@nestjs/common';
import { ExternalContextCreator } from '@nestjs/core';
import {
  applicationConfigOf,
  ExecutionContextHost,
  ROUTE_ARGS_METADATA,
  WsParamsFactory,
  resolveExceptionFilters,
  selectExceptionFilterMetadata,
} from '../core/nest-internals.js';

/** Returned by a bound handler when an exception filter answered the client itself. */
export const HANDLED_BY_FILTER = Symbol('rain-sockets:handled-by-filter');

/** A handler bound to Nest's pipeline: call it with the ws arguments (socket, data, ack?). */
export type BoundHandler = (...args: unknown[]) => Promise<unknown>;

/**
 * Binds methods of discovered providers to Nest's whole pipeline under the `ws`
 * context type, so guards, interceptors, pipes and filters written for gateways
 * (global, class and method level) run unchanged.
 */
@Injectable()
export class RainHandlerFactory {
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
    const callback = (instance as Record<string, Function>)[methodName];
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
    ) as BoundHandler;
    const filters = resolveExceptionFilters(this.contextCreator, instance, callback);

    return async (...args: unknown[]) => {
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
