import type { SessionData, Store } from 'express-session';
import type { SessionSnapshot, StoredKey } from './session-fields.js';

/**
 * What a session store offers when it merges writes itself, atomically (the cluster's Redis
 * store does it with Lua scripts). With it, writers anywhere (nodes, HTTP) never lose each
 * other's keys and an event costs one round trip when it writes, none when it does not.
 * A store without it gets the per-process read-merge-write of SessionStoreCoordinator.
 */
export interface SessionMerging {
  /**
   * Whether `onChanged` reports, now, every change other connections make to the sessions this
   * node read: a copy nobody changed then needs no reload. False while the store is
   * unreachable, and always when it cannot report (sockets then reload before every event).
   */
  readonly notifying: boolean;
  /** The session's data and snapshot, or undefined when the store has none. */
  load(sid: string): Promise<LoadedSession | undefined>;
  /**
   * Writes a whole session (a new one): its keys' JSON and its cookie's. Resolves with the
   * version it was written at, or undefined for a session destroyed before (not written).
   */
  replace(sid: string, fields: ReadonlyMap<string, string>, cookie: string, ttlMs: number): Promise<number | undefined>;
  /** Applies the changed keys (per key: last write wins) and the cookie, in one step. */
  merge(sid: string, patch: SessionPatch): Promise<MergeOutcome>;
  /**
   * Writes back a copy of a session the store lost: each key is written when the copy's
   * version of it is newer than the store's, so copies written back by several nodes, in any
   * order, give one result. Refused ('destroyed') for a session destroyed since.
   */
  restore(sid: string, copy: SessionCopy): Promise<RestoreOutcome>;
  /** Moves the expiry (and the stored cookie); false when the store has no such session. */
  refreshExpiry(sid: string, cookie: string, ttlMs: number): Promise<boolean>;
  /** A session id another connection changed, or null when any session may have changed. */
  onChanged(listener: (sid: string | null) => void): void;
  /**
   * After the store was unreachable, or lost its data, since `lostAt` (ms): the time for
   * nodes to write back their copies of the sessions it may have lost.
   */
  onRecovered(listener: (lostAt: number) => void): void;
}

export interface LoadedSession {
  /** express-session's data, cookie included. */
  data: SessionData;
  snapshot: SessionSnapshot;
}

export interface SessionPatch {
  /** Each changed key: its JSON (undefined: deleted) and the version the writer had seen (0: none). */
  changes: { key: string; json: string | undefined; seen: number }[];
  /** The writer's cookie, as JSON. */
  cookie: string;
  ttlMs: number;
}

/** `conflicts`: keys someone else wrote since this writer last saw them (overwritten all the same). */
export type MergeOutcome = { merged: true; version: number; conflicts: number } | { merged: false };

/** `restored`: how many keys the store lacked. */
export type RestoreOutcome = { destroyed: false; restored: number } | { destroyed: true };

export interface SessionCopy {
  keys: ReadonlyMap<string, StoredKey>;
  version: number;
  cookie: string;
  ttlMs: number;
}

const MERGING = Symbol.for('rain-sockets:session-merging');

/** Marks a store as one that merges (the cluster's Redis store). */
export function offerMerging(store: Store, merging: SessionMerging): void {
  (store as unknown as Record<symbol, SessionMerging>)[MERGING] = merging;
}

export function mergingOf(store: Store): SessionMerging | undefined {
  return (store as unknown as Record<symbol, SessionMerging | undefined>)[MERGING];
}

/** How long a session lives in a store from its cookie (ms); a cookie without expiry gets a day, as connect-redis gives it. */
export function sessionTtl(cookie: { expires?: Date | null | undefined }, now = Date.now()): number {
  const expires = cookie.expires;
  return expires ? new Date(expires).getTime() - now : 86_400_000;
}
