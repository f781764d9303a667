import type { RainSocket } from '../core/rain-socket.interface.js';

/** What the authorizer is asked: may this connection join (or listen to) this room? */
export interface RoomAccessRequest {
  room: string;
  verb: 'roomChange' | 'listenToRoom';
  socket: RainSocket;
}

/** Returns (or resolves to) false to refuse; a throw is logged and answered as an internal error. */
export type RoomAuthorizer = (request: RoomAccessRequest) => boolean | Promise<boolean>;

/** The options of `RainRoomsModule.forRoot(options)` and of `forRootAsync()`'s factory. */
export interface RainRoomsOptions {
  /**
   * The room every connection is in once connected (actionHero's `defaultChatRoom`).
   * Default `defaultRoom`; `null`: none, until the client's first `roomChange`.
   */
  defaultRoom?: string | null;
  /** Decides `roomChange` and `listenToRoom`; the default room is the server's own choice and is not asked. */
  roomAuthorizer?: RoomAuthorizer;
  /** Longest room name accepted, in characters. Default 64. */
  maxRoomNameLength?: number;
  /** Longest `say` message accepted, in characters. Default 4096. */
  maxMessageLength?: number;
  /** Rooms a connection may listen to besides its own. Default 10. */
  maxListenedRooms?: number;
  /** Whether joining and leaving a room is said in it ("I have entered the room"), as actionHero does. Default true. */
  announce?: boolean;
  /** The text of the `welcome` event. */
  welcomeMessage?: string;
  /** The namespace is `/{component}/{version}/{channel}`: default `/rooms/1.0.0/rooms`. */
  component?: string;
  /** The namespace's version. Default `1.0.0`. */
  version?: string;
  /** The namespace's channel. Default `rooms`. */
  channel?: string;
}
