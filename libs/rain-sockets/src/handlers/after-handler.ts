import type { ExecutionContext, NestInterceptor } from '@nestjs/common';

/** The key of an interceptor's synchronous "after the handler" step (internal to rain-sockets). */
export const AFTER_HANDLER = Symbol('rain-sockets:after-handler');

/**
 * An interceptor whose `intercept()` is `concat(next.handle(), defer(step))` with nothing else:
 * the compiled pipeline calls its step directly after the handler (and the interceptors inside
 * this one) completed, instead of building an Observable chain for it. The step may return a
 * promise, which the answer waits for; what it throws (or rejects with) fails the event.
 * `intercept()` must stay equivalent, for anyone who calls it (Nest's own gateways, tests).
 */
export interface AfterHandlerInterceptor extends NestInterceptor {
  [AFTER_HANDLER](context: ExecutionContext): void | Promise<void>;
}

export function isAfterHandlerInterceptor(interceptor: NestInterceptor): interceptor is AfterHandlerInterceptor {
  return typeof (interceptor as Partial<AfterHandlerInterceptor>)[AFTER_HANDLER] === 'function';
}
