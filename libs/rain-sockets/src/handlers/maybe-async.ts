import { EmptyError, type Observable } from 'rxjs';

/**
 * The compiled pipeline's currency: a step returns its value when it finished synchronously,
 * or a promise of it. Nest awaits every result, so a value that is a thenable can only mean
 * "not finished yet".
 */
export type MaybeAsync<T> = T | Promise<T>;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * `lastValueFrom(source)`, but synchronous when the source completes during `subscribe()`
 * (an interceptor that passes a synchronous result through): the last value, or EmptyError
 * when it completed without one, as Nest's `transformToResult` does.
 */
export function lastValueOf(source: Observable<unknown>): unknown {
  const last = new LastValue();
  source.subscribe(last);
  return last.settle();
}

class LastValue {
  private value: unknown;
  private hasValue = false;
  private done = false;
  private failure: unknown;
  private failed = false;
  private resolve?: (value: unknown) => void;
  private reject?: (error: unknown) => void;

  next(value: unknown): void {
    this.value = value;
    this.hasValue = true;
  }

  error(error: unknown): void {
    if (this.reject) return this.reject(error);
    this.failed = true;
    this.failure = error;
    this.done = true;
  }

  complete(): void {
    if (this.resolve) return this.hasValue ? this.resolve(this.value) : this.reject!(new EmptyError());
    this.done = true;
  }

  settle(): unknown {
    if (this.done) {
      if (this.failed) throw this.failure;
      if (!this.hasValue) throw new EmptyError();
      return this.value;
    }
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}
