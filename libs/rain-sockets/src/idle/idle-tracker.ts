import type { Socket } from 'socket.io';
import { ActivityClock } from './activity-clock.js';
import { ActivityTable } from './activity-table.js';
import type { RainConnectionCounter } from './connection-counter.interface.js';
import { EVICTION_GRACE, RAIN_EVICTED_EVENT } from './idle.constants.js';
import { countFailedMessage } from './idle.messages.js';
import type { RainEvictionInfo } from './idle-options.interface.js';
import type { IdleSettings } from './idle-settings.js';
import { describeError } from '../core/describe-error.js';

const SLOT = Symbol('rain-sockets:idle-slot');
type Tracked = Socket & { [SLOT]?: number };
type NotifyOutgoing = (this: Socket, packet: unknown) => void;

const EVICTED_PAYLOAD = Object.freeze({ reason: 'idle' as const });

export interface IdleStats {
  evictions: number;
  refused: number;
}

export interface IdleTrackerHooks {
  /** Must not throw: IdleEvictionExtension runs each listener in its own try/catch. */
  evicted(info: RainEvictionInfo): void;
  /** A failure that must not stop the server: logged by the caller. */
  failed(message: string): void;
}

/**
 * Knows the order in which admitted sockets were last active (a stamp per socket) and,
 * through the ActivityClock, since when; frees the longest idle when the limit is reached.
 * Plain class (no Nest) so that the benchmark drives it directly.
 */
export class IdleTracker {
  private readonly table: ActivityTable<Socket>;
  private readonly clock: ActivityClock;
  /** The last activity stamp handed out. */
  private stamp = 0;
  private originalNotify?: NotifyOutgoing;
  private sweeping?: Promise<number>;

  constructor(
    private readonly settings: IdleSettings,
    private readonly counter: RainConnectionCounter,
    readonly stats: IdleStats,
    private readonly hooks: IdleTrackerHooks,
    private readonly now: () => number = Date.now,
  ) {
    this.table = new ActivityTable(settings.maxConnections + 1);
    // 32 buckets per idleTimeout in a ring of 64: the notes span twice the timeout.
    this.clock = new ActivityClock(Math.max(1, settings.idleTimeout / 32), 64);
    this.clock.note(now(), 0);
  }

  /** Sockets tracked on this node. */
  get size(): number {
    return this.table.size;
  }

  /** Whether a new connection may come in: under the limit, or an idle socket can make room, or we admit anyway. */
  async admits(): Promise<boolean> {
    const count = await this.count();
    if (count < this.settings.maxConnections) return true;
    if (this.table.hasIdle(this.idleCutoff(this.now()))) return true;
    if (!this.settings.refuseWhenFull) return true;
    this.stats.refused++;
    return false;
  }

  /** A socket was admitted: track it, then free a slot for it if that put us over the limit. */
  async track(socket: Socket): Promise<void> {
    const tracked = socket as Tracked;
    if (tracked[SLOT] !== undefined) return;
    tracked[SLOT] = this.table.add(socket, ++this.stamp);
    this.clock.note(this.now(), this.stamp);
    this.counter.add(socket);
    if (this.settings.countServerEmits) this.countOutgoing(socket);
    const count = await this.count();
    // This connection put us at most one over: free one slot, not the whole cluster's excess.
    this.evictIdle(Math.min(1, count - this.settings.maxConnections));
  }

  /** On every event: one store into the table, no clock read, no allocation. */
  touch(socket: Socket): void {
    const slot = (socket as Tracked)[SLOT];
    if (slot !== undefined && slot >= 0) this.table.touch(slot, ++this.stamp);
  }

  untrack(socket: Socket): void {
    const tracked = socket as Tracked;
    const slot = tracked[SLOT];
    if (slot === undefined || slot < 0) return;
    tracked[SLOT] = -1;
    this.table.remove(slot);
    this.counter.remove(socket);
  }

  /** While at or over the limit, evicts the longest idle until under it. Resolves with how many went. */
  sweep(): Promise<number> {
    // One sweep at a time: a slow cluster count must not stack sweeps up.
    this.sweeping ??= this.count()
      .then((count) => {
        // Noted on every sweep, under the limit too: the notes are what idleness is measured by.
        this.clock.note(this.now(), this.stamp);
        return this.evictIdle(this.shareOf(count - this.settings.maxConnections + 1, count));
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  /**
   * This node's part of an excess counted cluster-wide: in proportion to the sockets it
   * holds, rounded at random so that, summed over nodes that sweep without talking to each
   * other, the expected evictions equal the excess (the next sweep makes up any shortfall).
   * With a local count, this node holds everything and takes the whole excess.
   */
  private shareOf(excess: number, count: number): number {
    const local = this.table.size;
    if (excess <= 0 || local >= count) return excess;
    const exact = (excess * local) / count;
    return Math.floor(exact) + (Math.random() < exact - Math.floor(exact) ? 1 : 0);
  }

  private evictIdle(howMany: number): number {
    if (howMany <= 0) return 0;
    const now = this.now();
    const picked = this.table.longestIdle(this.idleCutoff(now), howMany);
    for (let i = 0; i < picked; i++) {
      const slot = this.table.pickedSlot(i);
      const socket = this.table.owner(slot)!;
      this.evict(socket, now - this.clock.timeOf(this.table.lastActiveAt(slot), now));
    }
    return picked;
  }

  /** Stamps below this were last active more than idleTimeout ago. */
  private idleCutoff(now: number): number {
    this.clock.note(now, this.stamp);
    return this.clock.stampAt(now - this.settings.idleTimeout) + 1;
  }

  /**
   * An eviction is a close handshake, so that nothing the client sent on its way is lost: the
   * slot is free at once, the client is told, what it sent before it heard is served as usual,
   * and the socket goes when the client confirms (it then sends nothing more on it) or after
   * EVICTION_GRACE. Letting it go at once would drop an event already on the wire, and socket.io
   * would close the client's whole connection over a packet for a namespace it left.
   */
  private evict(socket: Socket, idleMs: number): void {
    // Untracked first, so the disconnect hook finds nothing left to do.
    this.untrack(socket);
    // After the events that came with the confirmation: socket.io hands events to their handlers
    // on later ticks, and drops those of a socket disconnected meanwhile. A namespace disconnect:
    // the client does not reconnect by itself, and its other namespaces stay.
    const letGo = () => setImmediate(() => socket.disconnect());
    socket.timeout(EVICTION_GRACE).emit(RAIN_EVICTED_EVENT, EVICTED_PAYLOAD, letGo);
    this.stats.evictions++;
    this.hooks.evicted({ reason: 'idle', socket, namespace: socket.nsp.name, idleMs });
  }

  /** The counter's count; if it fails, the tracked sockets of this node, so a broken counter never locks clients out. */
  private async count(): Promise<number> {
    try {
      return await this.counter.count();
    } catch (error) {
      this.hooks.failed(countFailedMessage(describeError(error)));
      return this.table.size;
    }
  }

  /**
   * socket.io calls `notifyOutgoingListeners` for every emit to a socket, direct or broadcast.
   * Its `onAnyOutgoing` copies the listener list per packet; replacing the method on the socket
   * with one shared function does not allocate.
   */
  private countOutgoing(socket: Socket): void {
    this.originalNotify ??= (Object.getPrototypeOf(socket) as { notifyOutgoingListeners?: NotifyOutgoing }).notifyOutgoingListeners;
    if (typeof this.originalNotify !== 'function') return;
    (socket as unknown as { notifyOutgoingListeners: NotifyOutgoing }).notifyOutgoingListeners = this.touchOnOutgoing;
  }

  private readonly touchOnOutgoing: NotifyOutgoing = (() => {
    const tracker = this;
    return function (this: Socket, packet: unknown) {
      tracker.touch(this);
      tracker.originalNotify!.call(this, packet);
    };
  })();
}

