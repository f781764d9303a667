/**
 * Last-activity stamps (any increasing number) in a typed array, one slot per tracked
 * owner, so that marking activity is one store (no allocation, no timer) and a sweep is
 * one linear scan. Freed slots hold +Infinity, which no "idle before" cutoff matches.
 */
export class ActivityTable<T> {
  private lastActive: Float64Array;
  private readonly owners: (T | undefined)[] = [];
  private freeSlots: Int32Array;
  private freeCount = 0;
  /** Slots ever handed out: the scan stops here. */
  private used = 0;
  /** The result of the last `longestIdle`, oldest first. */
  private picked = new Int32Array(16);
  size = 0;

  constructor(capacity: number) {
    const initial = Math.max(16, Math.min(capacity, 1 << 20));
    this.lastActive = new Float64Array(initial).fill(Infinity);
    this.freeSlots = new Int32Array(initial);
  }

  add(owner: T, at: number): number {
    const slot = this.freeCount > 0 ? this.freeSlots[--this.freeCount] : this.used++;
    if (slot >= this.lastActive.length) this.grow();
    this.owners[slot] = owner;
    this.lastActive[slot] = at;
    this.size++;
    return slot;
  }

  touch(slot: number, at: number): void {
    this.lastActive[slot] = at;
  }

  remove(slot: number): void {
    if (this.owners[slot] === undefined) return;
    this.owners[slot] = undefined;
    this.lastActive[slot] = Infinity;
    this.freeSlots[this.freeCount++] = slot;
    this.size--;
  }

  owner(slot: number): T | undefined {
    return this.owners[slot];
  }

  lastActiveAt(slot: number): number {
    return this.lastActive[slot];
  }

  hasIdle(cutoff: number): boolean {
    const lastActive = this.lastActive;
    for (let slot = 0; slot < this.used; slot++) if (lastActive[slot] < cutoff) return true;
    return false;
  }

  /**
   * Selects the slots last active before `cutoff`, longest idle first, at most `limit`:
   * a bounded max-heap over one scan (n log limit), then sorted in place. Read them with
   * `pickedSlot(i)` for i below the returned count, before the next call.
   */
  longestIdle(cutoff: number, limit: number): number {
    limit = Math.min(limit, this.size);
    if (limit <= 0) return 0;
    if (this.picked.length < limit) this.picked = new Int32Array(limit);
    const heap = this.picked;
    const lastActive = this.lastActive;
    let count = 0;
    for (let slot = 0; slot < this.used; slot++) {
      const at = lastActive[slot];
      if (!(at < cutoff)) continue;
      if (count < limit) {
        heap[count] = slot;
        this.siftUp(count++);
      } else if (at < lastActive[heap[0]]) {
        heap[0] = slot;
        this.siftDown(0, count);
      }
    }
    // Heap sort: the most recent of the picked moves to the end each round, so the result is oldest first.
    for (let end = count - 1; end > 0; end--) {
      const top = heap[0];
      heap[0] = heap[end];
      heap[end] = top;
      this.siftDown(0, end);
    }
    return count;
  }

  pickedSlot(index: number): number {
    return this.picked[index];
  }

  private siftUp(index: number): void {
    const heap = this.picked;
    const lastActive = this.lastActive;
    const slot = heap[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (lastActive[heap[parent]] >= lastActive[slot]) break;
      heap[index] = heap[parent];
      index = parent;
    }
    heap[index] = slot;
  }

  private siftDown(index: number, count: number): void {
    const heap = this.picked;
    const lastActive = this.lastActive;
    const slot = heap[index];
    for (;;) {
      let child = 2 * index + 1;
      if (child >= count) break;
      if (child + 1 < count && lastActive[heap[child + 1]] > lastActive[heap[child]]) child++;
      if (lastActive[heap[child]] <= lastActive[slot]) break;
      heap[index] = heap[child];
      index = child;
    }
    heap[index] = slot;
  }

  private grow(): void {
    const lastActive = new Float64Array(this.lastActive.length * 2).fill(Infinity);
    lastActive.set(this.lastActive);
    this.lastActive = lastActive;
    const freeSlots = new Int32Array(lastActive.length);
    freeSlots.set(this.freeSlots);
    this.freeSlots = freeSlots;
  }
}
