import type { Session, SessionData, Store } from 'express-session';
import { mergeChanges, sessionJson } from './session-data.js';
import { LOADED_FROM_STORE, LOADED_VERSION, SNAPSHOT } from './session-keys.js';

type Callback = (error?: unknown) => void;
const STALE = -1;

type Marked = Session & { [SNAPSHOT]?: string; [LOADED_VERSION]?: number };

/**
 * Sits on the express-session store that HTTP and sockets share, so that concurrent
 * writers of one session never lose each other's updates:
 * - every session loaded through the store remembers what it was loaded as;
 * - a save writes only the keys its writer changed, onto the store's current copy,
 *   one save per session id at a time in this process;
 * - a session that was destroyed or expired meanwhile is not written back (no resurrection);
 * - each write and destroy bumps a per-session version, so sockets can skip a reload
 *   when nothing changed since they loaded.
 * It patches the store object in place because express-session calls the store's own
 * methods (createSession, set, destroy) from the HTTP middleware too.
 */
export class SessionStoreCoordinator {
  private readonly versions = new Map<string, number>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly destroyedListeners: ((sid: string) => void)[] = [];

  /**
   * @param exclusive this process is the store's only writer (the MemoryStore, or
   *   `freshness: 'local'`): a session of a connected socket that nobody wrote since it was
   *   loaded is then written as it is, without reading the store's copy first.
   */
  constructor(
    readonly store: Store,
    private readonly exclusive = false,
    /** Counted here: merged write-backs, and those that met another writer's changes. */
    private readonly counts: { writeBacks: number; conflicts: number } = { writeBacks: 0, conflicts: 0 },
  ) {
    this.patch(store);
  }

  version(sid: string): number {
    return this.versions.get(sid) ?? 0;
  }

  onDestroyed(listener: (sid: string) => void): void {
    this.destroyedListeners.push(listener);
  }

  /** Loads a session's data (undefined when the store has none). */
  get(sid: string): Promise<SessionData | undefined> {
    return new Promise((resolve, reject) =>
      this.store.get(sid, (error, data) => (error ? reject(error) : resolve(data ?? undefined))),
    );
  }

  touch(sid: string, session: Session): Promise<void> {
    return new Promise((resolve, reject) => {
      if (typeof this.store.touch !== 'function') return resolve();
      this.store.touch(sid, session as unknown as SessionData, (error?: unknown) => (error ? reject(error) : resolve()));
    });
  }

  /** Whether the session changed since it was loaded or last saved. */
  changed(session: Session): boolean {
    return sessionJson(session) !== (session as Marked)[SNAPSHOT];
  }

  private patch(store: Store): void {
    const coordinator = this;
    const createSession = store.createSession.bind(store);
    const set = store.set.bind(store);
    const destroy = store.destroy.bind(store);

    store.createSession = function (req, data) {
      const session = createSession(req, data) as Marked;
      coordinator.mark(session);
      (req as unknown as Record<symbol, boolean>)[LOADED_FROM_STORE] = true;
      return session as never;
    };

    store.set = function (sid: string, session: SessionData, callback?: Callback) {
      const marked = session as unknown as Marked;
      if (marked[SNAPSHOT] === undefined) {
        // A new session: nothing to merge with.
        const json = sessionJson(marked);
        return set(sid, session, (error?: unknown) => {
          if (!error) coordinator.saved(sid, marked, true, json);
          callback?.(error);
        });
      }
      coordinator
        .serialize(sid, async () => {
          // Read when this save's turn comes: an earlier save of the same copy moved it on.
          const snapshot = marked[SNAPSHOT]!;
          if (coordinator.unchangedSince(sid, marked)) {
            const json = sessionJson(marked);
            await new Promise<void>((resolve, reject) => set(sid, session, (error?: unknown) => (error ? reject(error) : resolve())));
            coordinator.saved(sid, marked, true, json);
            return;
          }
          const current = await coordinator.get(sid);
          if (!current) return; // destroyed or expired since it was loaded: do not bring it back
          const alone = sessionJson(current) === snapshot;
          // The copy's data as written, in the same tick as the write: changes made to the copy
          // while the write is under way are not in it, so they must not be in the next snapshot.
          const json = sessionJson(marked);
          const merged = mergeChanges(current as unknown as Record<string, unknown>, JSON.parse(snapshot), JSON.parse(json), marked.cookie);
          await new Promise<void>((resolve, reject) =>
            set(sid, merged as unknown as SessionData, (error?: unknown) => (error ? reject(error) : resolve())),
          );
          coordinator.counts.writeBacks++;
          if (!alone) coordinator.counts.conflicts++;
          coordinator.saved(sid, marked, alone, json);
        })
        .then(() => callback?.(), (error) => callback?.(error));
    };

    store.destroy = function (sid: string, callback?: Callback) {
      destroy(sid, (error?: unknown) => {
        if (!error) {
          coordinator.bump(sid);
          for (const listener of coordinator.destroyedListeners) listener(sid);
        }
        callback?.(error);
      });
    };
  }

  /** Nobody wrote the session since this copy was loaded: only knowable when this process is the only writer. */
  private unchangedSince(sid: string, session: Marked): boolean {
    const version = this.versions.get(sid);
    return this.exclusive && version !== undefined && version === session[LOADED_VERSION];
  }

  private mark(session: Marked): void {
    session[SNAPSHOT] = sessionJson(session);
    session[LOADED_VERSION] = this.version(session.id);
  }

  /** `json`: the copy's data as it was written (what the next save's changes are measured from). */
  private saved(sid: string, session: Marked, alone: boolean, json: string): void {
    this.bump(sid);
    session[SNAPSHOT] = json;
    // When another writer had changed the session, this copy lacks their keys: only a
    // reload makes it current. Otherwise it is exactly what the store now holds.
    session[LOADED_VERSION] = alone ? this.version(sid) : STALE;
  }

  /**
   * Versions are kept only for sessions that sockets of this node use (HTTP-only
   * sessions would make the map grow without bound). A session tracked from now on
   * may have changed since its socket loaded it: its first event reloads.
   */
  track(sid: string, session: Session): void {
    if (this.versions.has(sid)) return;
    this.versions.set(sid, 0);
    (session as Marked)[LOADED_VERSION] = STALE;
  }

  forget(sid: string): void {
    this.versions.delete(sid);
  }

  private bump(sid: string): void {
    const version = this.versions.get(sid);
    if (version !== undefined) this.versions.set(sid, version + 1);
  }

  private serialize<T>(sid: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(sid) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(sid, settled);
    void settled.then(() => {
      if (this.queues.get(sid) === settled) this.queues.delete(sid);
    });
    return run;
  }
}

export function loadedVersion(session: Session): number | undefined {
  return (session as Marked)[LOADED_VERSION];
}
