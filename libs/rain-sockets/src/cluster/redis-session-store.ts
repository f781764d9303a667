import { Logger } from '@nestjs/common';
import { type SessionData, Store } from 'express-session';
import { RESERVED_SESSION_KEYS, type SessionSnapshot, serializeFields, type StoredKey } from '../session/session-fields.js';
import { LOADED_SNAPSHOT } from '../session/session-keys.js';
import {
  type LoadedSession,
  type MergeOutcome,
  offerMerging,
  type RestoreOutcome,
  type SessionCopy,
  type SessionMerging,
  type SessionPatch,
  sessionTtl,
} from '../session/session-merging.js';
import { redisTimeoutMessage } from './cluster.messages.js';
import { withDeadline } from './deadline.js';
import { invalidationsUnsupportedMessage, legacySessionConvertedMessage, scriptReadsUntrackedMessage } from './redis-session.messages.js';
import type { SessionScriptsClient } from './redis-session.scripts.js';

type Callback = (error?: unknown, data?: any) => void;

/** A destroyed session's mark lives at least this long (ms), when Redis no longer knew how long the session had. */
const DESTROYED_MARK_FLOOR = 3_600_000;

/**
 * The cluster's express-session store, on its own Redis connection. It replaces connect-redis,
 * which keeps each session as one opaque string and writes it whole (SET): a per-key merge of
 * that string inside Redis would have to decode and re-encode the JSON of every other writer's
 * values in Lua (cjson rounds numbers to 14 digits and turns `[]` into `{}`), and doing it
 * outside Redis is the read-merge-write that loses writes between nodes. Here a session is a
 * hash, one field per key (redis-session.scripts.ts), so a write is one atomic script that
 * sets only the keys its writer changed.
 *
 * Freshness: the connection uses RESP3 client-side tracking (NOLOOP). Redis tells it about
 * every change made by another connection to a session it read, before it answers anything
 * sent after that change; `onChanged` passes that on, and sockets reload only then.
 */
export class RedisSessionStore extends Store implements SessionMerging {
  private readonly logger = new Logger('RainSockets cluster');
  private readonly changedListeners: ((sid: string | null) => void)[] = [];
  private readonly recoveredListeners: ((lostAt: number) => void)[] = [];
  private lostAt?: number;
  /** Redis tracks the keys scripts read (7.0 and later): a writer keeps hearing of a session after its own write. */
  private tracksScripts = false;
  private warnedLegacy = false;

  constructor(
    private readonly client: SessionScriptsClient,
    private readonly prefix: string,
    private readonly destroyedPrefix: string,
    private readonly timeoutMs: number,
    /** Whether node-redis reports invalidations (emitInvalidate, node-redis 5.9 and later). */
    private readonly reportsInvalidations: boolean,
  ) {
    super();
    offerMerging(this, this);
    if (!reportsInvalidations) this.logger.warn(invalidationsUnsupportedMessage());
    client.on('invalidate', (key: Buffer | string | null) => this.invalidated(key));
    // Tracking lives with the connection: whatever changed while it was down went unreported.
    client.on('error', () => this.lost());
    client.on('end', () => this.lost());
    client.on('ready', () => this.ready());
    if (client.isReady) void this.checkServer();
  }

  get notifying(): boolean {
    return this.reportsInvalidations && this.tracksScripts && this.lostAt === undefined && this.client.isReady;
  }

  // --- express-session's Store ---

  override get(sid: string, callback: Callback): void {
    this.load(sid).then(
      (loaded) => callback(null, loaded ? loaded.data : null),
      (error: unknown) => callback(error),
    );
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    const ttlMs = sessionTtl(session.cookie);
    if (ttlMs <= 0) return this.destroy(sid, callback);
    this.replace(sid, serializeFields(session), JSON.stringify(session.cookie), ttlMs).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.bounded(this.client.rainSessionDestroy([this.key(sid), this.destroyedKey(sid)], [String(DESTROYED_MARK_FLOOR)]), 'EVALSHA').then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override touch(sid: string, session: SessionData, callback?: Callback): void {
    const ttlMs = sessionTtl(session.cookie);
    if (ttlMs <= 0) return callback?.();
    this.refreshExpiry(sid, JSON.stringify(session.cookie), ttlMs).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  // --- SessionMerging ---

  async load(sid: string): Promise<LoadedSession | undefined> {
    let hash: Record<string, string>;
    try {
      hash = await this.bounded(this.client.hGetAll(this.key(sid)), 'HGETALL');
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('WRONGTYPE')) throw error;
      return this.convert(sid);
    }
    return parseSession(hash);
  }

  /** A session connect-redis stored (one JSON string: rain-sockets 0.1, or the app's own store before): rewritten as a hash. */
  private async convert(sid: string): Promise<LoadedSession | undefined> {
    if (!this.warnedLegacy) this.logger.log(legacySessionConvertedMessage());
    this.warnedLegacy = true;
    const json = await this.bounded(this.client.get(this.key(sid)), 'GET');
    if (!json) return this.load(sid);
    await new Promise<void>((resolve, reject) => this.set(sid, JSON.parse(json), (error) => (error ? reject(error) : resolve())));
    return this.load(sid);
  }

  async replace(sid: string, fields: ReadonlyMap<string, string>, cookie: string, ttlMs: number): Promise<number | undefined> {
    const args = [String(Math.ceil(ttlMs)), cookie];
    for (const [key, json] of fields) args.push(key, json);
    const reply = await this.bounded(this.client.rainSessionReplace([this.key(sid), this.destroyedKey(sid)], args), 'EVALSHA');
    return reply === 0 ? undefined : Number(reply);
  }

  async merge(sid: string, patch: SessionPatch): Promise<MergeOutcome> {
    const args = [String(Math.ceil(patch.ttlMs)), patch.cookie];
    for (const change of patch.changes) args.push(change.key, change.json ?? '', String(change.seen));
    const reply = (await this.bounded(this.client.rainSessionMerge([this.key(sid)], args), 'EVALSHA')) as [number, string?, number?];
    if (reply[0] !== 1) return { merged: false };
    return { merged: true, version: Number(reply[1]), conflicts: Number(reply[2]) };
  }

  async restore(sid: string, copy: SessionCopy): Promise<RestoreOutcome> {
    const args = [String(Math.ceil(copy.ttlMs)), `${copy.version}:${copy.cookie}`];
    for (const [key, stored] of copy.keys) args.push(key, `${stored.version}:${stored.json ?? ''}`);
    const reply = Number(await this.bounded(this.client.rainSessionRestore([this.key(sid), this.destroyedKey(sid)], args), 'EVALSHA'));
    return reply < 0 ? { destroyed: true } : { destroyed: false, restored: reply };
  }

  async refreshExpiry(sid: string, cookie: string, ttlMs: number): Promise<boolean> {
    const reply = await this.bounded(this.client.rainSessionRefreshExpiry([this.key(sid)], [String(Math.ceil(ttlMs)), cookie]), 'EVALSHA');
    return Number(reply) === 1;
  }

  onChanged(listener: (sid: string | null) => void): void {
    this.changedListeners.push(listener);
  }

  onRecovered(listener: (lostAt: number) => void): void {
    this.recoveredListeners.push(listener);
  }

  // --- tracking ---

  private invalidated(key: Buffer | string | null): void {
    if (key === null) {
      // FLUSHALL / FLUSHDB (or Redis dropped its tracking table): everything may be gone.
      this.changed(null);
      for (const listener of this.recoveredListeners) listener(Date.now());
      return;
    }
    const name = typeof key === 'string' ? key : key.toString();
    if (name.startsWith(this.prefix)) this.changed(name.slice(this.prefix.length));
  }

  private lost(): void {
    if (this.lostAt !== undefined) return;
    this.lostAt = Date.now();
    this.changed(null);
  }

  private ready(): void {
    void this.checkServer();
    const lostAt = this.lostAt;
    if (lostAt === undefined) return;
    this.lostAt = undefined;
    this.changed(null);
    for (const listener of this.recoveredListeners) listener(lostAt);
  }

  /** Redis before 7.0 does not track what scripts read: a writer would stop hearing of its session. */
  private async checkServer(): Promise<void> {
    if (!this.reportsInvalidations) return;
    try {
      const info = String(await this.client.sendCommand(['INFO', 'server']));
      const version = /redis_version:(\S+)/.exec(info)?.[1] ?? '0';
      this.tracksScripts = Number(version.split('.')[0]) >= 7;
      if (!this.tracksScripts) this.logger.warn(scriptReadsUntrackedMessage(version));
    } catch {
      // Asked again at the next connection.
    }
  }

  private changed(sid: string | null): void {
    for (const listener of this.changedListeners) listener(sid);
  }

  private key(sid: string): string {
    return this.prefix + sid;
  }

  private destroyedKey(sid: string): string {
    return this.destroyedPrefix + sid;
  }

  /** The connection fails at once while Redis is away; this bounds a Redis that takes a command and does not answer. */
  private bounded<T>(running: Promise<T>, command: string): Promise<T> {
    return withDeadline(running, this.timeoutMs, () => new Error(redisTimeoutMessage(command, this.timeoutMs)));
  }
}

/** A stored hash as express-session's data plus its snapshot; undefined for none (or one without its cookie). */
export function parseSession(hash: Record<string, string>): LoadedSession | undefined {
  const cookie = hash.cookie;
  if (cookie === undefined) return undefined;
  const data: Record<string, unknown> = {};
  const keys = new Map<string, StoredKey>();
  for (const field of Object.keys(hash)) {
    if (field === 'cookie' || RESERVED_SESSION_KEYS.has(field)) continue;
    const value = hash[field]!;
    const colon = value.indexOf(':');
    const json = value.slice(colon + 1) || undefined;
    keys.set(field, { json, version: Number(value.slice(0, colon)) || 0 });
    if (json !== undefined) data[field] = JSON.parse(json);
  }
  const colon = cookie.indexOf(':');
  data.cookie = JSON.parse(cookie.slice(colon + 1));
  const snapshot: SessionSnapshot = { keys, version: Number(cookie.slice(0, colon)) || 0 };
  (data as Record<symbol, unknown>)[LOADED_SNAPSHOT] = snapshot;
  return { data: data as unknown as SessionData, snapshot };
}
