export { RainRoomsClient } from './rain-rooms-client.js';
export { RainRoomsError } from './rain-rooms.error.js';
export type { RainRoomsClientOptions, RainRoomsEvents, RainRoomsState, RainRoomsCallback } from './rain-rooms-client.options.js';
export {
  DEFAULT_ROOMS_NAMESPACE,
  type RoomMessage,
  type RoomAlert,
  type RoomWelcome,
  type RoomMember,
  type RoomView,
  type ConnectionDetails,
  type RoomChanged,
  type RoomsListening,
  type RoomSaid,
} from './rain-rooms.protocol.js';
