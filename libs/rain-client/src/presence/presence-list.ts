import { presenceCallbackFailedMessage } from './presence.messages.js';
import {
  PRESENCE_DIFF_EVENT,
  PRESENCE_STATE_EVENT,
  type PresenceDiffPayload,
  type PresenceMeta,
  type PresenceState,
  type PresenceStatePayload,
} from './presence.protocol.js';
import { syncDiff, syncState } from './presence-sync.js';

/**
 * Any socket.io client socket: getSocket's, typed (`getSocket<ChatEvents>`) or not. The event
 * is `any` because a typed socket accepts only the names its own maps declare, and presence
 * listens to the library's events, which an app's maps need not list.
 */
export interface PresenceSocket {
  on(event: any, listener: (...args: any[]) => void): unknown;
  off(event: any, listener: (...args: any[]) => void): unknown;
}

/** The options of `new PresenceList(socket, options)`. */
export interface PresenceListOptions {
  /** The room whose presence to follow; omitted: the component channel itself. */
  room?: string;
  /** Where callback errors go. Default: console.error. */
  onError?: (error: unknown, message: string) => void;
}

type Presence<M> = { metas: PresenceMeta<M>[] };
type JoinCallback<M> = (key: string, current: Presence<M> | undefined, joined: Presence<M>) => void;
type LeaveCallback<M> = (key: string, current: Presence<M>, left: Presence<M>) => void;

/**
 * Who is on a component channel (or one room of it), kept in step with the server's
 * `presence_state` and `presence_diff`: one entry per key (user) with a meta per tab or
 * device. Create it right after `getSocket()`, before the state comes: the server sends a
 * socket the state of a topic before any diff of it, so diffs without a state before them
 * (left over from before a reconnect) are ignored, and the next state resyncs the list.
 *
 * @example
 * ```ts
 * const presence = new PresenceList<{ device: string }>(rain.component('chat', '1.0.0').messaging.getSocket('chat'));
 * presence.onSync(() => render(presence.list()));
 * ```
 */
export class PresenceList<M = Record<string, unknown>> {
  private state: PresenceState<M> = {};
  private synced = false;
  private readonly joins = new Set<JoinCallback<M>>();
  private readonly leaves = new Set<LeaveCallback<M>>();
  private readonly syncs = new Set<() => void>();
  private readonly room: string | null;
  private readonly onError: (error: unknown, message: string) => void;

  constructor(
    private readonly socket: PresenceSocket,
    options: PresenceListOptions = {},
  ) {
    this.room = options.room ?? null;
    this.onError = options.onError ?? ((error, message) => console.error(message, error));
    socket.on(PRESENCE_STATE_EVENT, this.onState);
    socket.on(PRESENCE_DIFF_EVENT, this.onDiff);
    socket.on('disconnect', this.onDisconnect);
  }

  /** Whether the state has come (and not been put in doubt by a disconnect since). */
  get inSync(): boolean {
    return this.synced;
  }

  /** Every key with its metas, in the order they came. */
  list(): { key: string; metas: PresenceMeta<M>[] }[] {
    return Object.entries(this.state).map(([key, { metas }]) => ({ key, metas: [...metas] }));
  }

  /** The metas of one key, or undefined when it is not present. */
  get(key: string): PresenceMeta<M>[] | undefined {
    const presence = this.state[key];
    return presence && [...presence.metas];
  }

  /** Called for each key that joins or gains a meta; returns the unsubscribe. */
  onJoin(callback: JoinCallback<M>): () => void {
    return add(this.joins, callback);
  }

  /** Called for each key that loses a meta (`current.metas` empty: the key is gone); returns the unsubscribe. */
  onLeave(callback: LeaveCallback<M>): () => void {
    return add(this.leaves, callback);
  }

  /** Called after each state or diff is applied; returns the unsubscribe. */
  onSync(callback: () => void): () => void {
    return add(this.syncs, callback);
  }

  /** Stops following the socket; the list keeps its last state. */
  close(): void {
    this.socket.off(PRESENCE_STATE_EVENT, this.onState);
    this.socket.off(PRESENCE_DIFF_EVENT, this.onDiff);
    this.socket.off('disconnect', this.onDisconnect);
  }

  private readonly onState = (payload: PresenceStatePayload<M>) => {
    if (payload?.room !== this.room) return;
    this.state = syncState(this.state, payload.presences, this.callbacks);
    this.synced = true;
    this.notifySync();
  };

  private readonly onDiff = (payload: PresenceDiffPayload<M>) => {
    if (payload?.room !== this.room || !this.synced) return;
    this.state = syncDiff(this.state, payload, this.callbacks);
    this.notifySync();
  };

  private readonly onDisconnect = () => {
    this.synced = false;
  };

  private readonly callbacks = {
    join: (key: string, current: Presence<M> | undefined, joined: Presence<M>) => this.call(this.joins, 'onJoin', key, current, joined),
    leave: (key: string, current: Presence<M>, left: Presence<M>) => this.call(this.leaves, 'onLeave', key, current, left),
  };

  private notifySync(): void {
    this.call(this.syncs, 'onSync');
  }

  private call<A extends unknown[]>(set: Set<(...args: A) => void>, which: 'onJoin' | 'onLeave' | 'onSync', ...args: A): void {
    for (const callback of [...set]) {
      try {
        callback(...args);
      } catch (error) {
        // One failing callback must not leave the list half-applied.
        this.onError(error, presenceCallbackFailedMessage(which));
      }
    }
  }
}

function add<T>(set: Set<T>, item: T): () => void {
  // Wrapped, so that one function added twice is two subscriptions.
  const entry = ((...args: unknown[]) => (item as (...a: unknown[]) => void)(...args)) as T;
  set.add(entry);
  return () => set.delete(entry);
}
