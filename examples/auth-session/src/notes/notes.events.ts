import type { RainErrorPayload } from 'rain-sockets';
import type { Note } from '../auth/session-data.js';

/** The notes socket's events, shared by the server's handlers and the Node client (src/client). */
export interface NotesEvents {
  clientToServer: {
    'add-note': (note: { text: string }, ack: (answer: Note[] | RainErrorPayload) => void) => void;
    notes: (ack: (answer: Note[] | RainErrorPayload) => void) => void;
  };
  serverToClient: {
    welcome: (data: { name: string }) => void;
  };
}
