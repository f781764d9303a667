import type { PresenceState } from './presence.protocol.js';

type Presence<M> = PresenceState<M>[string];

export interface SyncCallbacks<M> {
  /** `current`: what the key had before (undefined: it is new); `joined`: the metas that joined. */
  join(key: string, current: Presence<M> | undefined, joined: Presence<M>): void;
  /** `current`: what the key has left (no metas: it is gone); `left`: the metas that left. */
  leave(key: string, current: Presence<M>, left: Presence<M>): void;
}

const refsOf = <M>(presence: Presence<M>) => new Set(presence.metas.map((meta) => meta.rain_ref));

/**
 * Replaces `state` by a whole new state, as joins and leaves: what a client does on
 * `presence_state` (first, or again after a reconnect). Phoenix's syncState.
 */
export function syncState<M>(state: PresenceState<M>, next: PresenceState<M>, callbacks: SyncCallbacks<M>): PresenceState<M> {
  const joins: PresenceState<M> = {};
  const leaves: PresenceState<M> = {};
  for (const [key, current] of Object.entries(state)) {
    if (!next[key]) leaves[key] = current;
  }
  for (const [key, presence] of Object.entries(next)) {
    const current = state[key];
    if (!current) {
      joins[key] = presence;
      continue;
    }
    const nextRefs = refsOf(presence);
    const currentRefs = refsOf(current);
    const joined = presence.metas.filter((meta) => !currentRefs.has(meta.rain_ref));
    const left = current.metas.filter((meta) => !nextRefs.has(meta.rain_ref));
    if (joined.length) joins[key] = { metas: joined };
    if (left.length) leaves[key] = { metas: left };
  }
  return syncDiff(state, { joins, leaves }, callbacks);
}

/** Applies a `presence_diff`: joins first (so an update keeps its key), then leaves. Phoenix's syncDiff. */
export function syncDiff<M>(
  state: PresenceState<M>,
  diff: { joins: PresenceState<M>; leaves: PresenceState<M> },
  callbacks: SyncCallbacks<M>,
): PresenceState<M> {
  const result: PresenceState<M> = { ...state };
  for (const [key, joined] of Object.entries(diff.joins)) {
    const current = result[key];
    const joinedRefs = refsOf(joined);
    // A meta already known (the state and a diff of the same join) is not added twice.
    const kept = current ? current.metas.filter((meta) => !joinedRefs.has(meta.rain_ref)) : [];
    result[key] = { metas: [...kept, ...joined.metas] };
    callbacks.join(key, current, joined);
  }
  for (const [key, left] of Object.entries(diff.leaves)) {
    const current = result[key];
    if (!current) continue;
    const leftRefs = refsOf(left);
    const remaining = { metas: current.metas.filter((meta) => !leftRefs.has(meta.rain_ref)) };
    if (remaining.metas.length) result[key] = remaining;
    else delete result[key];
    callbacks.leave(key, remaining, left);
  }
  return result;
}
