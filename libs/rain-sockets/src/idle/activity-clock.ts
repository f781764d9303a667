/**
 * Tells how long ago an activity stamp was, without reading the clock per message:
 * in V8 every Date.now() or performance.now() allocates a heap number, so touches
 * store an increasing stamp instead, and the server notes (time, latest stamp) when
 * it reads the clock anyway: each sweep, admission and connection. A stamp noted at
 * or before `now - idleTimeout` was last used at least idleTimeout ago, so no socket
 * is evicted early; one is at most one note gap (≤ checkInterval) late.
 */
export class ActivityClock {
  private readonly times: Float64Array;
  private readonly stamps: Float64Array;
  private head = -1;
  private count = 0;

  /** One note kept per `bucketMs`; `capacity` notes must span more than idleTimeout. */
  constructor(
    private readonly bucketMs: number,
    capacity = 64,
  ) {
    this.times = new Float64Array(capacity);
    this.stamps = new Float64Array(capacity);
  }

  /** Every stamp up to `stamp` was handed out at or before `time`. */
  note(time: number, stamp: number): void {
    const capacity = this.times.length;
    if (this.count > 0) {
      const last = this.times[this.head];
      // Date.now() may step back (clock adjustments); notes stay in order.
      if (time < last) time = last;
      if (Math.floor(time / this.bucketMs) === Math.floor(last / this.bucketMs)) {
        this.times[this.head] = time;
        this.stamps[this.head] = stamp;
        return;
      }
    }
    this.head = (this.head + 1) % capacity;
    this.times[this.head] = time;
    this.stamps[this.head] = stamp;
    if (this.count < capacity) this.count++;
  }

  /** The latest stamp noted at or before `time`: stamps up to it are idle since then. 0 when none. */
  stampAt(time: number): number {
    const capacity = this.times.length;
    for (let i = 0, at = this.head; i < this.count; i++, at = (at - 1 + capacity) % capacity) {
      if (this.times[at] <= time) return this.stamps[at];
    }
    return 0;
  }

  /** The earliest noted time by which `stamp` had been handed out: its activity was no later. */
  timeOf(stamp: number, fallback: number): number {
    const capacity = this.times.length;
    for (let i = this.count - 1, at = (this.head - i + capacity) % capacity; i >= 0; i--, at = (at + 1) % capacity) {
      if (this.stamps[at] >= stamp) return this.times[at];
    }
    return fallback;
  }
}
