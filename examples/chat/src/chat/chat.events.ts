import type { RainErrorPayload } from 'rain-sockets';

/** A message as every client of the chat receives it. */
export interface ChatMessage {
  from: string;
  text: string;
  /** ISO 8601, set by the server. */
  sentAt: string;
}

/**
 * The chat's events, both ways, declared once: the server's handlers, the tests (and a
 * bundled client's `getSocket<ChatEvents>('chat')`) are checked against them.
 */
export interface ChatEvents {
  clientToServer: {
    // The ack answers the stored message, or the error (e.g. `bad_request` for an empty text).
    message: (message: { from: string; text: string }, ack: (answer: ChatMessage | RainErrorPayload) => void) => void;
  };
  serverToClient: {
    hello: (data: { message: string }) => void;
    message: (message: ChatMessage) => void;
  };
}
