/** What a tracked presence carries: any JSON object the app chooses (device, status, joined_at...). */
export type PresenceMeta = Record<string, unknown>;

/** A meta as clients see it: the app's fields plus the id of that one track. */
export type PresenceMetaWithRef = PresenceMeta & { rain_ref: string };

/** Every key of a topic with its metas, one per track (several tabs of one user: several metas). */
export type PresenceState = Record<string, { metas: PresenceMetaWithRef[] }>;

/** `presence_state`: the whole topic, sent to a socket when it starts watching it. */
export interface PresenceStatePayload {
  /** The room of the topic, or null for the component channel itself. */
  room: string | null;
  presences: PresenceState;
}

/** `presence_diff`: what joined and left a topic since the last state or diff. */
export interface PresenceDiffPayload {
  room: string | null;
  joins: PresenceState;
  leaves: PresenceState;
}

/** Where presence applies: the component channel, or one room of it. */
export interface PresenceTopicOptions {
  /** A room of the component channel; omitted: the channel itself. */
  room?: string;
}
