// What the server's RainPresenceService sends (docs/PROTOCOL.md, "Presence").

/** Server → client: the whole state of a topic, when the socket starts watching it. */
export const PRESENCE_STATE_EVENT = 'presence_state';
/** Server → client: joins and leaves of a topic since. */
export const PRESENCE_DIFF_EVENT = 'presence_diff';

/** A meta as the server sends it: the app's fields plus the id of that one track. */
export type PresenceMeta<M = Record<string, unknown>> = M & { rain_ref: string };

/** Key (a user id...) → its metas, one per tab or device. */
export type PresenceState<M = Record<string, unknown>> = Record<string, { metas: PresenceMeta<M>[] }>;

export interface PresenceStatePayload<M = Record<string, unknown>> {
  room: string | null;
  presences: PresenceState<M>;
}

export interface PresenceDiffPayload<M = Record<string, unknown>> {
  room: string | null;
  joins: PresenceState<M>;
  leaves: PresenceState<M>;
}
