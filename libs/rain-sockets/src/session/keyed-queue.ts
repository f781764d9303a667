/**
 * Runs tasks one at a time per key. A task whose key has nothing queued starts at once, in
 * the caller's tick (no promise hop): the common case, one writer of a session at a time,
 * costs nothing over calling the store directly.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const running = previous ? previous.then(task, task) : task();
    const settled = running.then(noop, noop);
    this.tails.set(key, settled);
    void settled.then(() => {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return running;
  }

  idle(key: string): boolean {
    return !this.tails.has(key);
  }
}

function noop(): void {}
