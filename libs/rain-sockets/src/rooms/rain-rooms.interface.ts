// The JSON a RainRoomsModule client receives: events and the answers to each verb.

/** The `say` event, to everyone in (or listening to) the room. */
export interface RoomMessage {
  room: string;
  /** The speaker's public id, or `server`. */
  from: string;
  message: string;
  /** Epoch milliseconds, as actionHero sends them. */
  sentAt: number;
}

/** The `alert` event: a notice from the server itself. */
export interface RoomAlert {
  message: string;
  /** The room it was sent to; absent when it went to every connection. */
  room?: string;
  sentAt: number;
}

/** The `welcome` event, right after connecting. */
export interface RoomWelcome {
  welcome: string;
  /** The room the connection is put in (the default room), or null. */
  room: string | null;
  id: string;
  connectedAt: number;
}

/** A connection in a room, as `roomView` and `RainRoomsService.members()` list it. */
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
  /** The connection's own room, where `say` goes. */
  room: string | null;
  /** Rooms it listens to besides its own. */
  listening: string[];
  /** Every room it hears: its own first. */
  rooms: string[];
}

/** Every failed verb is answered with this. */
export interface RoomsFailure {
  error: string;
  code: string;
  details?: unknown;
}
