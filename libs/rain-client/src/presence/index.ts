export { PresenceList, type PresenceListOptions, type PresenceSocket } from './presence-list.js';
export {
  PRESENCE_STATE_EVENT,
  PRESENCE_DIFF_EVENT,
  type PresenceMeta,
  type PresenceState,
  type PresenceStatePayload,
  type PresenceDiffPayload,
} from './presence.protocol.js';
