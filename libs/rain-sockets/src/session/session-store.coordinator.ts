import { MemoryStore, type Session, type SessionData, type Store } from 'express-session';
import { KeyedQueue } from './keyed-queue.js';
import {
  applyChanges,
  changedKeys,
  nextSnapshot,
  RESERVED_SESSION_KEYS,
  type SessionSnapshot,
  serializeFields,
  type StoredKey,
  unversionedSnapshot,
} from './session-fields.js';
import { LOADED_FROM_STORE, LOADED_SNAPSHOT, LOADED_VERSION, SAVING, SNAPSHOT } from './session-keys.js';
import { mergingOf, type SessionCopy, type SessionMerging, sessionTtl } from './session-merging.js';
import type { RainSessionStats } from './session-stats.js';

type Callback = (error?: unknown) => void;
/** A copy that must reload before it is used again. */
const STALE = -1;

type Marked = Session & { [SNAPSHOT]?: SessionSnapshot; [LOADED_VERSION]?: number; [SAVING]?: Promise<SaveResult> };
type LoadedData = SessionData & { [LOADED_SNAPSHOT]?: SessionSnapshot };

/**
 * How a socket's session is kept current before each event:
 * - `local`: this process is the store's only writer; its own writes say what changed;
 * - `notified`: the store reports what other writers change (the cluster's Redis store);
 *   while it cannot (unreachable, or unable to), as `always`;
 * - `always`: reload before every event (any other store).
 */
export type Freshness = 'local' | 'notified' | 'always';

/** `missing`: the store has no such session any more (destroyed, expired, or lost). */
export type SaveResult = 'saved' | 'unchanged' | 'missing';

/**
 * Sits on the express-session store that HTTP and sockets share, so that concurrent
 * writers of one session never lose each other's updates:
 * - every session loaded through the store remembers what it was loaded as (per key);
 * - a save serializes the session once, finds the keys its writer changed, and writes only
 *   those: in one atomic step when the store merges by itself (SessionMerging: any number of
 *   nodes), else onto the store's current copy, one save per session at a time in this process;
 * - a session destroyed or expired meanwhile is not written back;
 * - each session of this node's sockets has a generation, bumped by this node's writes and by
 *   the store's change reports, so a copy known current needs no reload.
 * It patches the store object in place because express-session calls the store's own
 * methods (createSession, set, destroy) from the HTTP middleware too.
 */
export class SessionStoreCoordinator {
  readonly merging?: SessionMerging;
  readonly freshness: Freshness;
  private readonly generations = new Map<string, number>();
  private readonly queue = new KeyedQueue();
  private readonly destroyedListeners: ((sid: string) => void)[] = [];
  private readonly get: (sid: string, callback: (error: unknown, data?: SessionData | null) => void) => void;
  private readonly set: (sid: string, data: SessionData, callback?: Callback) => void;
  private readonly createSession: Store['createSession'];
  /** The store is express-session's own MemoryStore, unchanged: written directly. */
  private readonly memory: boolean;

  constructor(
    readonly store: Store,
    configured: 'local' | 'always' | undefined,
    private readonly stats: RainSessionStats,
  ) {
    this.merging = mergingOf(store);
    this.freshness = configured ?? (store instanceof MemoryStore ? 'local' : this.merging ? 'notified' : 'always');
    this.get = store.get.bind(store);
    this.set = store.set.bind(store);
    this.createSession = store.createSession.bind(store);
    this.memory = store instanceof MemoryStore && store.set === MemoryStore.prototype.set;
    this.merging?.onChanged((sid) => (sid === null ? this.staleAll() : this.bump(sid)));
    this.patch(store);
  }

  onDestroyed(listener: (sid: string) => void): void {
    this.destroyedListeners.push(listener);
  }

  // --- freshness ---

  /** Whether this copy is known to hold what the store holds: then no reload is needed. */
  isCurrent(session: Session): boolean {
    if (this.freshness === 'always' || (this.freshness === 'notified' && !this.merging!.notifying)) return false;
    const loaded = (session as Marked)[LOADED_VERSION];
    return loaded !== undefined && loaded !== STALE && loaded === this.generations.get(session.id) && !isPast(session.cookie.expires);
  }

  /** The session's generation on this node (undefined when no socket here uses it). */
  generation(sid: string): number | undefined {
    return this.generations.get(sid);
  }

  /**
   * Generations are kept only for sessions that sockets of this node use (HTTP-only
   * sessions would make the map grow without bound). A session tracked from now on may
   * have changed since its socket loaded it: its first event reloads.
   */
  track(sid: string, session: Session): void {
    if (!this.generations.has(sid)) this.generations.set(sid, 0);
    (session as Marked)[LOADED_VERSION] = STALE;
  }

  forget(sid: string): void {
    this.generations.delete(sid);
  }

  private bump(sid: string): void {
    const generation = this.generations.get(sid);
    if (generation !== undefined) this.generations.set(sid, generation + 1);
  }

  private staleAll(): void {
    for (const [sid, generation] of this.generations) this.generations.set(sid, generation + 1);
  }

  // --- store operations ---

  /**
   * Makes the request's session the store's copy `data`. A copy it already holds is updated in
   * place, keeping the changes its handlers made and have not saved yet: another event of the
   * same socket may be running with it (and saves it when done), and references to it stay good.
   */
  adopt(req: { session?: Session }, data: SessionData): void {
    const session = req.session as Marked | undefined;
    const before = session?.[SNAPSHOT];
    if (!session || !before) {
      this.store.createSession(req as never, data);
      return;
    }
    const snapshot = (data as LoadedData)[LOADED_SNAPSHOT];
    const fresh = this.createSession({ sessionID: session.id } as never, data) as unknown as Record<string, unknown>;
    const unsaved = new Set(changedKeys(before, serializeFields(session)));
    const copy = session as unknown as Record<string, unknown>;
    for (const key of Object.keys(copy)) {
      if (key !== 'cookie' && !unsaved.has(key) && !Object.hasOwn(fresh, key)) delete copy[key];
    }
    for (const key of Object.keys(fresh)) {
      if (key !== 'cookie' && !unsaved.has(key) && !RESERVED_SESSION_KEYS.has(key)) copy[key] = fresh[key];
    }
    session.cookie = fresh.cookie as Session['cookie'];
    session[SNAPSHOT] = snapshot ?? unversionedSnapshot(serializeFields(fresh));
    session[LOADED_VERSION] = this.generations.get(session.id) ?? STALE;
    this.stats.loads++;
  }

  /** The store's copy of a session (undefined when it has none). */
  load(sid: string): Promise<SessionData | undefined> {
    return new Promise((resolve, reject) => this.get(sid, (error, data) => (error ? reject(error) : resolve(data ?? undefined))));
  }

  /**
   * Saves what changed in this copy since it was loaded or last saved: undefined when nothing
   * changed, 'saved' when it was written synchronously (the MemoryStore), both with nothing
   * to wait for; else one store call, started now unless a save of the same copy (or, for a
   * store that cannot merge, of the same session) is under way.
   */
  save(session: Session): Promise<SaveResult> | 'saved' | undefined {
    const marked = session as Marked;
    const before = marked[SAVING];
    const again = () => this.saveNow(marked) ?? 'unchanged';
    const running = before ? before.then(again, again) : this.saveNow(marked);
    if (running === undefined || running === 'saved') return running;
    marked[SAVING] = running;
    const done = () => {
      if (marked[SAVING] === running) marked[SAVING] = undefined;
    };
    running.then(done, done);
    return running;
  }

  /** Moves the session's expiry in the store; false when the store has no such session. */
  async touch(sid: string, session: Session): Promise<boolean> {
    const ttlMs = sessionTtl(session.cookie);
    if (ttlMs <= 0) return false;
    if (this.merging) return this.merging.refreshExpiry(sid, JSON.stringify(session.cookie), ttlMs);
    if (!(await this.load(sid))) return false;
    const store = this.store;
    if (typeof store.touch !== 'function') return true;
    await new Promise<void>((resolve, reject) =>
      store.touch!(sid, session as unknown as SessionData, (error?: unknown) => (error ? reject(error) : resolve())),
    );
    return true;
  }

  /** This node's copies of one session joined into one (per key, the newest version), as a merging store writes it back. */
  joinCopies(sessions: Iterable<Session>): SessionCopy | undefined {
    const keys = new Map<string, StoredKey>();
    let version = 0;
    let cookieOf: Session | undefined;
    for (const session of sessions) {
      const snapshot = (session as Marked)[SNAPSHOT];
      if (!snapshot) continue;
      version = Math.max(version, snapshot.version);
      for (const [key, stored] of snapshot.keys) {
        const known = keys.get(key);
        if (!known || known.version < stored.version) keys.set(key, stored);
      }
      const expires = session.cookie.expires?.getTime() ?? Infinity;
      if (!cookieOf || expires > (cookieOf.cookie.expires?.getTime() ?? Infinity)) cookieOf = session;
    }
    if (!cookieOf) return undefined;
    const ttlMs = sessionTtl(cookieOf.cookie);
    if (ttlMs <= 0) return undefined;
    return { keys, version, cookie: JSON.stringify(cookieOf.cookie), ttlMs };
  }

  private saveNow(session: Marked): Promise<SaveResult> | 'saved' | undefined {
    const snapshot = session[SNAPSHOT];
    if (!snapshot) return this.writeNew(session);
    const fields = serializeFields(session);
    const changed = changedKeys(snapshot, fields);
    if (changed.length === 0) return undefined;
    if (this.merging) return this.mergeChanges(this.merging, session, snapshot, fields, changed);
    if (this.memory && this.ownsCurrent(session) && this.queue.idle(session.id)) {
      // The only writer, a current copy, an in-memory store: written now, no promise.
      this.writeMemory(session, fields);
      this.savedWhole(session, snapshot, fields, changed);
      return 'saved';
    }
    return this.queue.run(session.id, () => this.writeLocally(session, snapshot, fields, changed));
  }

  /** This process is the store's only writer and nobody wrote since this copy was loaded: it is the whole truth. */
  private ownsCurrent(session: Marked): boolean {
    return this.freshness === 'local' && session[LOADED_VERSION] === this.generations.get(session.id);
  }

  /** One atomic call: the store applies the changed keys onto whatever it holds now. */
  private async mergeChanges(
    merging: SessionMerging,
    session: Marked,
    snapshot: SessionSnapshot,
    fields: Map<string, string>,
    changed: string[],
  ): Promise<SaveResult> {
    const ttlMs = sessionTtl(session.cookie);
    if (ttlMs <= 0) return 'missing';
    const changes = changed.map((key) => ({ key, json: fields.get(key), seen: snapshot.keys.get(key)?.version ?? 0 }));
    const outcome = await merging.merge(session.id, { changes, cookie: JSON.stringify(session.cookie), ttlMs });
    if (!outcome.merged) return 'missing';
    this.stats.saves++;
    this.stats.conflicts += outcome.conflicts;
    // Onto the copy's snapshot as it is now: a reload may have replaced it meanwhile.
    session[SNAPSHOT] = nextSnapshot(session[SNAPSHOT] ?? snapshot, fields, changed, outcome.version);
    this.wrote(session, session[LOADED_VERSION] === this.generations.get(session.id));
    return 'saved';
  }

  /** For a store that cannot merge: read its copy, apply the changed keys, write it (one session at a time here). */
  private async writeLocally(
    session: Marked,
    snapshot: SessionSnapshot,
    fields: Map<string, string>,
    changed: string[],
  ): Promise<SaveResult> {
    const sid = session.id;
    if (this.ownsCurrent(session)) {
      if (this.memory) this.writeMemory(session, fields);
      else {
        await new Promise<void>((resolve, reject) =>
          this.set(sid, session as unknown as SessionData, (error?: unknown) => (error ? reject(error) : resolve())),
        );
      }
      this.savedWhole(session, snapshot, fields, changed);
      return 'saved';
    }
    const current = (await this.load(sid)) as Record<string, unknown> | undefined;
    if (!current) return 'missing'; // destroyed or expired since it was loaded: do not bring it back
    // Only for `local`: whether this copy held all the store had, so it is current after the write.
    const alone = this.freshness === 'local' && sameData(current, snapshot);
    const merged = applyChanges(current, fields, changed, session.cookie);
    await new Promise<void>((resolve, reject) =>
      this.set(sid, merged as unknown as SessionData, (error?: unknown) => (error ? reject(error) : resolve())),
    );
    this.stats.saves++;
    session[SNAPSHOT] = nextSnapshot(session[SNAPSHOT] ?? snapshot, fields, changed, 0);
    this.wrote(session, alone);
    return 'saved';
  }

  /** MemoryStore keeps the JSON of each session: built from the serialization already made. */
  private writeMemory(session: Marked, fields: Map<string, string>): void {
    const parts: string[] = [];
    for (const [key, json] of fields) parts.push(`${JSON.stringify(key)}:${json}`);
    parts.push(`"cookie":${JSON.stringify(session.cookie)}`);
    // Read each time: MemoryStore.clear() replaces it.
    (this.store as unknown as { sessions: Record<string, string> }).sessions[session.id] = `{${parts.join(',')}}`;
  }

  private savedWhole(session: Marked, snapshot: SessionSnapshot, fields: Map<string, string>, changed: string[]): void {
    this.stats.saves++;
    session[SNAPSHOT] = nextSnapshot(session[SNAPSHOT] ?? snapshot, fields, changed, 0);
    this.wrote(session, true);
  }

  /** A session the store never had (or that came from elsewhere): written whole. */
  private writeNew(session: Marked): Promise<SaveResult> {
    if (this.merging) return this.replaceWhole(this.merging, session);
    return new Promise((resolve, reject) =>
      this.set(session.id, session as unknown as SessionData, (error?: unknown) => {
        if (error) return reject(error);
        this.stats.saves++;
        session[SNAPSHOT] = unversionedSnapshot(serializeFields(session));
        this.wrote(session, true);
        resolve('saved');
      }),
    );
  }

  private async replaceWhole(merging: SessionMerging, session: Marked): Promise<SaveResult> {
    const ttlMs = sessionTtl(session.cookie);
    if (ttlMs <= 0) return 'missing';
    const fields = serializeFields(session);
    const version = await merging.replace(session.id, fields, JSON.stringify(session.cookie), ttlMs);
    if (version === undefined) return 'missing';
    this.stats.saves++;
    const keys = new Map<string, StoredKey>();
    for (const [key, json] of fields) keys.set(key, { json, version });
    session[SNAPSHOT] = { keys, version };
    this.wrote(session, true);
    return 'saved';
  }

  /** This node wrote the session: other copies here lack the write; this one is current if it was before. */
  private wrote(session: Marked, alone: boolean): void {
    const generation = this.generations.get(session.id);
    if (generation === undefined) return;
    this.generations.set(session.id, generation + 1);
    session[LOADED_VERSION] = alone ? generation + 1 : STALE;
  }

  private patch(store: Store): void {
    const coordinator = this;
    const createSession = this.createSession;
    const destroy = store.destroy.bind(store);

    store.createSession = function (req, data) {
      const snapshot = (data as LoadedData)[LOADED_SNAPSHOT];
      const session = createSession(req, data) as Marked;
      session[SNAPSHOT] = snapshot ?? unversionedSnapshot(serializeFields(session));
      session[LOADED_VERSION] = coordinator.generations.get(session.id) ?? STALE;
      (req as unknown as Record<symbol, boolean>)[LOADED_FROM_STORE] = true;
      coordinator.stats.loads++;
      return session as never;
    };

    // express-session's own saves (HTTP, session.save()) take the same way as the sockets'.
    store.set = function (sid: string, session: SessionData, callback?: Callback) {
      const marked = session as unknown as Marked;
      if (marked.id !== sid || typeof marked.touch !== 'function') {
        // Plain data for a session id: a whole write, as the store's own set.
        return coordinator.set(sid, session, callback);
      }
      const saving = coordinator.save(marked);
      if (saving === 'saved') return callback?.();
      // Nothing changed (express-session saves with `resave` or after a cookie change): move the expiry.
      const done = saving ?? coordinator.touch(sid, marked);
      done.then(() => callback?.(), (error: unknown) => callback?.(error));
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
}

/** Whether the store's copy holds exactly the data of the snapshot (cookie aside). */
function sameData(current: Record<string, unknown>, snapshot: SessionSnapshot): boolean {
  const fields = serializeFields(current);
  if (fields.size !== snapshot.keys.size) return false;
  for (const [key, json] of fields) if (snapshot.keys.get(key)?.json !== json) return false;
  return true;
}

export function isPast(expires: Date | null | undefined): boolean {
  return !!expires && expires.getTime() <= Date.now();
}
