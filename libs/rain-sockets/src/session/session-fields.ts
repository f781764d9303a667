import { BadRequestException } from '@nestjs/common';
import type { Session } from 'express-session';
import { reservedSessionKeyMessage } from './session.messages.js';

/**
 * Names a session key never takes: assigned on the session object they would replace its
 * prototype (`__proto__`) or shadow what express-session and the runtime rely on, and
 * every later call on that session would fail.
 */
export const RESERVED_SESSION_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Refuses a reserved or non-string key. A 400: the key often comes from the client, and the
 * caller then gets `bad_request` over a socket, a 400 over HTTP, with the reason.
 */
export function checkSessionKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || RESERVED_SESSION_KEYS.has(key)) throw new BadRequestException(reservedSessionKeyMessage(key));
}

/**
 * A top-level key of a session as the store last had it: its JSON (undefined once deleted)
 * and the version that wrote it (0 when the store keeps no versions).
 */
export interface StoredKey {
  readonly json: string | undefined;
  readonly version: number;
}

/** What a copy of a session was loaded or last saved as: each key, and the version of the whole. */
export interface SessionSnapshot {
  readonly keys: ReadonlyMap<string, StoredKey>;
  readonly version: number;
}

/**
 * The JSON of each top-level key of a session's data, cookie aside: the one serialization
 * of a save. It is compared with the snapshot, written, and becomes the next snapshot.
 */
export function serializeFields(session: object): Map<string, string> {
  const fields = new Map<string, string>();
  for (const key of Object.keys(session)) {
    if (key === 'cookie' || RESERVED_SESSION_KEYS.has(key)) continue;
    // undefined (a function, undefined itself): absent, as in the JSON of the whole session.
    const json = JSON.stringify((session as Record<string, unknown>)[key]) as string | undefined;
    if (json !== undefined) fields.set(key, json);
  }
  return fields;
}

/** A snapshot of data nobody versioned (loaded from a store that keeps no versions). */
export function unversionedSnapshot(fields: Map<string, string>): SessionSnapshot {
  const keys = new Map<string, StoredKey>();
  for (const [key, json] of fields) keys.set(key, { json, version: 0 });
  return { keys, version: 0 };
}

/** The keys set, changed or deleted since the snapshot. */
export function changedKeys(snapshot: SessionSnapshot, fields: Map<string, string>): string[] {
  const changed: string[] = [];
  let kept = 0;
  for (const [key, json] of fields) {
    const before = snapshot.keys.get(key)?.json;
    if (before !== undefined) kept++;
    if (before !== json) changed.push(key);
  }
  // Every key of the snapshot is still there (and no deletion marks): nothing was deleted.
  if (kept === snapshot.keys.size) return changed;
  for (const [key, stored] of snapshot.keys) {
    if (stored.json !== undefined && !fields.has(key)) changed.push(key);
  }
  return changed;
}

/**
 * The snapshot after `changed` keys of `fields` were written at `version`. A key the snapshot
 * already knows at a newer version (reloaded while the write was under way) keeps it.
 */
export function nextSnapshot(snapshot: SessionSnapshot, fields: Map<string, string>, changed: string[], version: number): SessionSnapshot {
  const keys = new Map(snapshot.keys);
  for (const key of changed) {
    if (version !== 0 && (keys.get(key)?.version ?? 0) > version) continue;
    if (version === 0 && !fields.has(key)) keys.delete(key);
    else keys.set(key, { json: fields.get(key), version });
  }
  return { keys, version: Math.max(version, snapshot.version) };
}

/**
 * `current` (the store's copy) with the `changed` keys of `fields` applied: what a store
 * that cannot merge by itself is given, so that writers of distinct keys both win.
 */
export function applyChanges(
  current: Record<string, unknown>,
  fields: Map<string, string>,
  changed: string[],
  cookie: Session['cookie'],
): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(current)) {
    // A stored copy may come from JSON that names them: never let it reach a prototype.
    if (!RESERVED_SESSION_KEYS.has(key)) merged[key] = current[key];
  }
  for (const key of changed) {
    const json = fields.get(key);
    if (json === undefined) delete merged[key];
    else merged[key] = JSON.parse(json);
  }
  merged.cookie = cookie;
  return merged;
}
