import { type CanActivate, ForbiddenException } from '@nestjs/common';
import {
  type ExceptionFilterMetadata,
  ExecutionContextHost,
  FORBIDDEN_MESSAGE,
  type HandlerEnhancers,
  selectExceptionFilterMetadata,
} from '../core/nest-internals.js';
import { HandlerParams, type WsParamsFactoryLike } from './handler-params.js';
import { InterceptorChain, layersOf, settle } from './interceptor-chain.js';
import { isThenable } from './maybe-async.js';

/** Returned by a bound handler when an exception filter answered the client itself. */
export const HANDLED_BY_FILTER = Symbol('rain-sockets:handled-by-filter');

/**
 * One handler's pipeline, composed once when it is bound, from the enhancers Nest picked for it:
 * guards, then the interceptors around the pipes and the handler, then the exception filters on
 * whatever failed. It keeps Nest's semantics and skips its generic machinery where a step has
 * nothing asynchronous to wait for: a guard that returns a boolean is not awaited, parameters
 * without asynchronous pipes are not gathered through `Promise.all`, a handler without
 * interceptors runs with no rxjs and no AsyncResource, and a result that is there at once is
 * returned at once. `run` returns the result (or HANDLED_BY_FILTER), or a promise of it when a
 * step had to wait; it throws what no filter handled.
 */
export class HandlerPipeline {
  private readonly classRef: Function;
  private readonly guards: CanActivate[];
  private readonly filters: ExceptionFilterMetadata[];
  private readonly params?: HandlerParams;
  private readonly chain?: InterceptorChain;

  constructor(
    private readonly instance: object,
    private readonly callback: Function,
    enhancers: HandlerEnhancers,
    paramsFactory: WsParamsFactoryLike,
  ) {
    this.classRef = instance.constructor;
    this.guards = enhancers.guards;
    this.filters = enhancers.filters;
    // Without a parameter decorator, Nest calls the handler with the ws arguments as they came.
    if (enhancers.params.length > 0) this.params = new HandlerParams(enhancers.params, enhancers.pipes, enhancers.argsLength, paramsFactory);
    if (enhancers.interceptors.length > 0) this.chain = new InterceptorChain(layersOf(enhancers.interceptors), (args) => this.invoke(args));
  }

  /** @param args the ws arguments: [socket, data] or [socket, data, ack] */
  run(args: unknown[]): unknown {
    try {
      const result = this.guarded(args);
      if (!isThenable(result) || this.filters.length === 0) return result;
      return Promise.resolve(result).then(undefined, (error: unknown) => this.filtered(error, args));
    } catch (error) {
      return this.filtered(error, args);
    }
  }

  private guarded(args: unknown[]): unknown {
    const guards = this.guards;
    if (guards.length === 0) return this.intercepted(args);
    const context = this.context(args);
    for (let i = 0; i < guards.length; i++) {
      const verdict = verdictOf(guards[i]!.canActivate(context));
      if (isThenable(verdict)) return this.guardedAfter(verdict, i + 1, context, args);
      if (!verdict) throw new ForbiddenException(FORBIDDEN_MESSAGE);
    }
    return this.intercepted(args);
  }

  /** The rest of the guards once one of them answered asynchronously (GuardsConsumer's loop). */
  private async guardedAfter(pending: PromiseLike<unknown>, from: number, context: ExecutionContextHost, args: unknown[]): Promise<unknown> {
    if (!(await pending)) throw new ForbiddenException(FORBIDDEN_MESSAGE);
    for (let i = from; i < this.guards.length; i++) {
      if (!(await verdictOf(this.guards[i]!.canActivate(context)))) throw new ForbiddenException(FORBIDDEN_MESSAGE);
    }
    return this.intercepted(args);
  }

  private intercepted(args: unknown[]): unknown {
    if (!this.chain) return settle(this.invoke(args));
    return this.chain.valueFrom(0, this.context(args), args);
  }

  /** The pipes, then the handler: its raw result. */
  private invoke(args: unknown[]): unknown {
    if (!this.params) return this.callback.apply(this.instance, args);
    const values = this.params.resolve(args);
    if (isThenable(values)) return values.then((resolved) => this.callback.apply(this.instance, resolved));
    return this.callback.apply(this.instance, values);
  }

  private filtered(error: unknown, args: unknown[]): unknown {
    const filter = this.filters.length === 0 ? undefined : selectExceptionFilterMetadata(this.filters, error);
    if (!filter) throw error;
    const handled = filter.func(error, this.context(args));
    return isThenable(handled) ? Promise.resolve(handled).then(() => HANDLED_BY_FILTER) : HANDLED_BY_FILTER;
  }

  /** A fresh context per consumer, as Nest gives guards, interceptors and filters each their own. */
  private context(args: unknown[]): ExecutionContextHost {
    const context = new ExecutionContextHost(args, this.classRef as never, this.callback as never);
    context.setType('ws');
    return context;
  }
}

/**
 * A guard's answer as GuardsConsumer reads it: a boolean as it is; anything else awaited, and an
 * Observable's last value. Synchronous unless the answer is a promise (or a late Observable).
 */
function verdictOf(answer: unknown): unknown {
  return typeof answer === 'boolean' ? answer : settle(answer);
}
