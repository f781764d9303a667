import type { RainConnectionCounter } from './connection-counter.interface.js';

/** The admitted sockets of this process: the default RainConnectionCounter. */
export class LocalConnectionCounter implements RainConnectionCounter {
  private admitted = 0;

  add(): void {
    this.admitted++;
  }

  remove(): void {
    if (this.admitted > 0) this.admitted--;
  }

  count(): number {
    return this.admitted;
  }
}
