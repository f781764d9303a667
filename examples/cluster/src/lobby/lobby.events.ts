import type { RainErrorPayload } from 'rain-sockets';

/** Where a user is: the node that serves their socket. Each tab of a user is one meta. */
export interface LobbyMeta {
  node: string;
}

export interface RoomMessage {
  room: string;
  from: string;
  text: string;
}

/**
 * The lobby's events. Presence has its own (`presence_state`, `presence_diff`), which
 * rain-client's `PresenceList` follows.
 */
export interface LobbyEvents {
  clientToServer: {
    join: (room: string, ack: (answer: { room: string } | RainErrorPayload) => void) => void;
    leave: (room: string, ack: (answer: { room: string } | RainErrorPayload) => void) => void;
    say: (message: { room: string; text: string }, ack: (answer: RoomMessage | RainErrorPayload) => void) => void;
  };
  serverToClient: {
    said: (message: RoomMessage) => void;
  };
}
