import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { AsyncResource } from 'node:async_hooks';
import { type Observable, type ObservableInput, type Observer, Observable as RxObservable, from, isObservable } from 'rxjs';
import { AFTER_HANDLER, isAfterHandlerInterceptor } from './after-handler.js';
import { isThenable, lastValueOf } from './maybe-async.js';

type AfterStep = (context: ExecutionContext) => void | Promise<void>;

/** One interceptor of the chain: its `intercept()`, or its synchronous after-the-handler step. */
type Layer = { interceptor: NestInterceptor; after?: undefined } | { interceptor: NestInterceptor; after: AfterStep };

export function layersOf(interceptors: NestInterceptor[]): Layer[] {
  return interceptors.map((interceptor) =>
    isAfterHandlerInterceptor(interceptor) ? { interceptor, after: (context) => interceptor[AFTER_HANDLER](context) } : { interceptor },
  );
}

/**
 * The interceptors of one handler around `invoke` (the pipes and the handler), with Nest's
 * semantics (InterceptorsConsumer): each `intercept()` gets a CallHandler whose `handle()` is a
 * lazy Observable of the rest of the chain, run in the async context of the `handle()` call (so
 * an AsyncLocalStorage store entered around it is seen by the handler), and the event's result
 * is the last value of the outermost Observable (EmptyError when there is none).
 *
 * What it saves over Nest's: no `defer` + `mergeAll` per layer and no second AsyncResource; an
 * interceptor that returns `next.handle()` itself costs no subscription at all (the rest of the
 * chain runs directly); and a chain that completes synchronously answers synchronously.
 */
export class InterceptorChain {
  constructor(
    private readonly layers: Layer[],
    /** The pipes and the handler: its raw result (a value, a promise or an Observable). */
    private readonly invoke: (args: unknown[]) => unknown,
  ) {}

  /** The result of layer `index` on, as a value or a promise of it. */
  valueFrom(index: number, context: ExecutionContext, args: unknown[]): unknown {
    if (index === this.layers.length) return settle(this.invoke(args));
    const layer = this.layers[index]!;
    if (layer.after) {
      const result = this.valueFrom(index + 1, context, args);
      return isThenable(result) ? Promise.resolve(result).then((value) => afterThen(layer.after!(context), value)) : afterThen(layer.after(context), result);
    }
    const next = new NextHandler(this, index + 1, context, args);
    const returned = layer.interceptor.intercept(context, next);
    return isThenable(returned) ? Promise.resolve(returned).then((resolved) => this.lastOf(resolved, next)) : this.lastOf(returned, next);
  }

  private lastOf(returned: unknown, next: NextHandler): unknown {
    // The interceptor returned `next.handle()` as it got it: nothing to subscribe to.
    if (next.isUntouched(returned)) return next.runValue();
    return lastValueOf(isObservable(returned) ? returned : from(returned as ObservableInput<unknown>));
  }

  /** Layer `index` on, emitting into `subscriber`; returns the teardown. */
  stream(index: number, context: ExecutionContext, args: unknown[], subscriber: Observer<unknown>): (() => void) | undefined {
    if (index === this.layers.length) return emitResult(this.invoke(args), subscriber);
    const layer = this.layers[index]!;
    if (layer.after) {
      const after = layer.after;
      const inner = new RxObservable<unknown>((s) => this.stream(index + 1, context, args, s)).subscribe({
        next: (value) => subscriber.next(value),
        error: (error) => subscriber.error(error),
        complete: () => {
          try {
            const done = after(context);
            if (isThenable(done)) done.then(() => subscriber.complete(), (error) => subscriber.error(error));
            else subscriber.complete();
          } catch (error) {
            subscriber.error(error);
          }
        },
      });
      return () => inner.unsubscribe();
    }
    const next = new NextHandler(this, index + 1, context, args);
    const returned = layer.interceptor.intercept(context, next);
    if (!isThenable(returned)) return this.pipeInto(returned, next, subscriber);
    let teardown: (() => void) | undefined;
    let closed = false;
    returned.then(
      (resolved) => {
        if (!closed) teardown = this.pipeInto(resolved, next, subscriber);
      },
      (error) => subscriber.error(error),
    );
    return () => {
      closed = true;
      teardown?.();
    };
  }

  private pipeInto(returned: unknown, next: NextHandler, subscriber: Observer<unknown>): (() => void) | undefined {
    if (next.isUntouched(returned)) return next.runStream(subscriber);
    const source = isObservable(returned) ? returned : from(returned as ObservableInput<unknown>);
    const subscription = source.subscribe(subscriber);
    return () => subscription.unsubscribe();
  }
}

/** The CallHandler given to one interceptor: the rest of the chain, in the async context of `handle()`. */
class NextHandler implements CallHandler {
  private handed?: Observable<unknown>;
  private resource?: AsyncResource;
  private calls = 0;
  private subscribed = false;

  constructor(
    private readonly chain: InterceptorChain,
    private readonly index: number,
    private readonly context: ExecutionContext,
    private readonly args: unknown[],
  ) {}

  handle(): Observable<unknown> {
    // Created here, not at subscription: what runs later runs in this call's async context.
    const resource = new AsyncResource('rain-sockets:call-handler');
    const observable = new RxObservable<unknown>((subscriber) => {
      this.subscribed = true;
      return resource.runInAsyncScope(() => this.chain.stream(this.index, this.context, this.args, subscriber));
    });
    this.calls++;
    this.handed = observable;
    this.resource = resource;
    return observable;
  }

  /** The interceptor returned the one Observable `handle()` gave it, unsubscribed. */
  isUntouched(returned: unknown): boolean {
    return this.calls === 1 && returned === this.handed && !this.subscribed;
  }

  runValue(): unknown {
    return this.resource!.runInAsyncScope(() => this.chain.valueFrom(this.index, this.context, this.args));
  }

  runStream(subscriber: Observer<unknown>): (() => void) | undefined {
    return this.resource!.runInAsyncScope(() => this.chain.stream(this.index, this.context, this.args, subscriber));
  }
}

/** A handler's raw result as Nest's `transformToResult` takes it: awaited, and an Observable's last value. */
export function settle(raw: unknown): unknown {
  if (isThenable(raw)) return Promise.resolve(raw).then(lastIfObservable);
  return lastIfObservable(raw);
}

function lastIfObservable(value: unknown): unknown {
  return isObservable(value) ? lastValueOf(value) : value;
}

function afterThen(done: void | Promise<void>, value: unknown): unknown {
  return isThenable(done) ? done.then(() => value) : value;
}

/** The innermost layer (Nest's `transformDeferred`): every value of the handler's result, then complete. */
function emitResult(raw: unknown, subscriber: Observer<unknown>): (() => void) | undefined {
  if (isThenable(raw)) {
    let teardown: (() => void) | undefined;
    let closed = false;
    raw.then(
      (value) => {
        if (!closed) teardown = emitResult(value, subscriber);
      },
      (error) => subscriber.error(error),
    );
    return () => {
      closed = true;
      teardown?.();
    };
  }
  if (isObservable(raw)) {
    const subscription = raw.subscribe(subscriber);
    return () => subscription.unsubscribe();
  }
  subscriber.next(raw);
  subscriber.complete();
  return undefined;
}
