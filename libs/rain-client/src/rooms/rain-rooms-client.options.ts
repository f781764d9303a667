import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { ConnectionDetails, RoomAlert, RoomMessage, RoomWelcome } from './rain-rooms.protocol.js';

/** The options of `new RainRoomsClient(options)`. */
export interface RainRoomsClientOptions {
  /** The server's origin, `http://host:port`. Default: the page's origin. */
  url?: string;
  /** socket.io's path. Default `/socket.io`. */
  path?: string;
  /** The rooms namespace. Default `/rooms/1.0.0/rooms` (RainRoomsModule's default). */
  namespace?: string;
  /** How long each verb waits for its answer, in ms. Default 10000. */
  timeout?: number;
  /** Anything else socket.io-client takes (transports, auth, reconnection delays...). */
  socket?: Partial<ManagerOptions & SocketOptions>;
  /** Where a failing `events` handler, or a room not regained after a reconnect, is reported. Default console.error. */
  onError?: (error: unknown, message: string) => void;
}

/** actionHeroWebSocket's `events`: set any of them, at any time. */
export interface RainRoomsEvents {
  welcome?(message: RoomWelcome): void;
  say?(message: RoomMessage): void;
  alert?(message: RoomAlert): void;
  disconnect?(reason: string): void;
  /** Connected again, back in the rooms it was in. */
  reconnect?(details: ConnectionDetails): void;
}

export type RainRoomsState = 'connected' | 'disconnected' | 'reconnecting';

/** Node-style: `error` is null on success, `response` null when there was no answer. */
export type RainRoomsCallback<T> = (error: Error | null, response: T | null) => void;
