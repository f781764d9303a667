import { compareStreamIds } from './stream-ids.js';

/** A broadcast this node delivered from the stream, as a socket that was connected then got it. */
export interface RecentBroadcast {
  /** Its stream entry id (also the last element of `data`, for the client). */
  id: string;
  /** The event and its arguments. */
  data: unknown[];
  rooms: ReadonlySet<string>;
  except: ReadonlySet<string>;
  at: number;
}

/**
 * The broadcasts of one namespace this node delivered lately, in the order it delivered them
 * (stream order), so that a socket that recovers here can be given those it was not there
 * for: between the moment its missed broadcasts were read from Redis and the moment it is
 * connected (its admission runs meanwhile, and socket.io delivers nothing to it then).
 * Bounded by count and age; `floor` says from where on nothing was dropped.
 */
export class RecentBroadcasts {
  private entries: RecentBroadcast[] = [];
  private head = 0;
  /** The id of the latest entry dropped: every entry after it is still here. */
  private floor = '0-0';

  constructor(
    private readonly max: number,
    private readonly maxAgeMs: number,
  ) {}

  add(entry: RecentBroadcast): void {
    this.entries.push(entry);
    const oldest = entry.at - this.maxAgeMs;
    while (this.size > this.max || (this.size > 0 && this.entries[this.head]!.at < oldest)) {
      this.floor = this.entries[this.head]!.id;
      this.entries[this.head++] = undefined as never;
    }
    if (this.head > 1_024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  /**
   * The data of the entries after `id` that a socket in `rooms` would have got, oldest first;
   * undefined when some entry after `id` may have been dropped already.
   */
  after(id: string, rooms: ReadonlySet<string>): unknown[][] | undefined {
    if (compareStreamIds(this.floor, id) > 0) return undefined;
    const found: unknown[][] = [];
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (compareStreamIds(entry.id, id) > 0 && reaches(entry, rooms)) found.push(entry.data);
    }
    return found;
  }
}

/** socket.io's rule: any of its rooms is targeted (or none is, for everyone), and none is excluded. */
function reaches(entry: RecentBroadcast, rooms: ReadonlySet<string>): boolean {
  let included = entry.rooms.size === 0;
  for (const room of rooms) {
    if (entry.except.has(room)) return false;
    if (!included && entry.rooms.has(room)) included = true;
  }
  return included;
}
