// What RainRoomsModule sends (docs/PROTOCOL.md, "Rooms"): the server's own types, restated
// here because the client must not depend on the server library.

export const DEFAULT_ROOMS_NAMESPACE = '/rooms/1.0.0/rooms';

export interface RoomMessage {
  room: string;
  /** The speaker's id, or `server`. */
  from: string;
  message: string;
  /** Epoch milliseconds. */
  sentAt: number;
}

export interface RoomAlert {
  message: string;
  room?: string;
  sentAt: number;
}

export interface RoomWelcome {
  welcome: string;
  room: string | null;
  id: string;
  connectedAt: number;
}

export interface RoomMember {
  id: string;
  connectedAt: number;
  listening: boolean;
}

export interface RoomView {
  room: string;
  membersCount: number;
  members: RoomMember[];
}

export interface ConnectionDetails {
  id: string;
  type: 'webSocket';
  connectedAt: number;
  room: string | null;
  listening: string[];
  rooms: string[];
}

export interface RoomChanged {
  room: string;
  previousRoom: string | null;
}

export interface RoomsListening {
  room: string;
  listening: string[];
}

export interface RoomSaid {
  room: string;
  sentAt: number;
}
