// Every text of presence a user can read.

const where = (room: string | undefined) => (room === undefined ? 'the component channel' : `room ${JSON.stringify(room)}`);

export const notComponentSocketMessage = () =>
  'RainPresenceService: this socket is not a component socket of RainSocketsModule; presence works on those only.';

export const notComponentServerMessage = () =>
  'RainPresenceService.list() takes a component socket or a ComponentServer (from RainSocketsRegistry.server()).';

export const invalidKeyMessage = (key: unknown) =>
  `Presence key must be a non-empty string; got ${describe(key)}.`;

export const invalidMetaMessage = (meta: unknown) =>
  `Presence meta must be a plain object (JSON); got ${describe(meta)}.`;

export const invalidRoomMessage = (room: unknown) => `Presence room must be a non-empty string; got ${describe(room)}.`;

export const alreadyTrackedMessage = (key: string, room: string | undefined) =>
  `This socket already tracks "${key}" on ${where(room)}; use update() to change its meta.`;

export const notTrackedMessage = (key: string, room: string | undefined) =>
  `This socket does not track "${key}" on ${where(room)}; track() it first.`;

export const nodeDownMessage = (namespace: string, node: string, count: number) =>
  `Presence ${namespace}: node ${node} sent nothing for too long (option presence.nodeTimeout); ` +
  `its ${count} presence(s) are removed.`;

export const sendFailedMessage = (namespace: string, error: string) =>
  `Presence ${namespace}: could not reach the other nodes (they will resynchronise): ${error}`;

export const badPeerMessage = (namespace: string, error: string) =>
  `Presence ${namespace}: a message from another node could not be applied: ${error}`;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? `an instance of ${value.constructor?.name ?? 'Object'}` : `${typeof value} ${String(value)}`;
}
