// What RainRoomsModule sends (docs/PROTOCOL.md, "Rooms"): the server's own types, restated
// here because the client must not depend on the server library.

/** RainRoomsModule's default namespace. */
export const DEFAULT_ROOMS_NAMESPACE = '/rooms/1.0.0/rooms';

/** The `say` event, to everyone in (or listening to) the room. */
export interface RoomMessage {
  room: string;
  /** The speaker's id, or `server`. */
  from: string;
  message: string;
  /** Epoch milliseconds. */
  sentAt: number;
}

/** The `alert` event: a notice from the server itself (`RainRoomsService.alert`). */
export interface RoomAlert {
  message: string;
  room?: string;
  sentAt: number;
}

/** The `welcome` event, right after connecting. */
export interface RoomWelcome {
  welcome: string;
  room: string | null;
  id: string;
  connectedAt: number;
}

/** A connection in a room, as `roomView` lists it. */
export interface RoomMember {
  id: string;
  connectedAt: number;
  /** true: the member only listens to this room, its own room is another. */
  listening: boolean;
}

/** Answer of `roomView`. */
export interface RoomView {
  room: string;
  membersCount: number;
  members: RoomMember[];
}

/** Answer of `detailsView`. */
export interface ConnectionDetails {
  id: string;
  type: 'webSocket';
  connectedAt: number;
  room: string | null;
  listening: string[];
  rooms: string[];
}

/** Answer of `roomChange`. */
export interface RoomChanged {
  room: string;
  previousRoom: string | null;
}

/** Answer of `listenToRoom` and `silenceRoom`: the rooms listened to now. */
export interface RoomsListening {
  room: string;
  listening: string[];
}

/** Answer of `say`. */
export interface RoomSaid {
  room: string;
  sentAt: number;
}
