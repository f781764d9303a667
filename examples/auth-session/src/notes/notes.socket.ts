import {
  ComponentSocket,
  MessageBody,
  type OnRainConnection,
  type RainSession,
  type RainSocketOf,
  Session,
  typedEvents,
  UseConnectionGuards,
} from 'rain-sockets';
import { LoggedInGuard } from '../auth/logged-in.guard.js';
import type { Note } from '../auth/session-data.js';
import { NoteText } from './note-text.schema.js';
import type { NotesEvents } from './notes.events.js';

const { SubscribeMessage } = typedEvents<NotesEvents>();

/**
 * The user's notes, on /notes/1.0.0/notes, kept in the same session as the HTTP routes'.
 * The guard runs at the handshake: a socket without a logged-in session never connects,
 * so `handle()` and the handlers can count on `session.user`. (`@UseGuards(LoggedInGuard)`
 * would run it on every event too; after a logout every event is refused anyway, with
 * `session_expired`.)
 */
@UseConnectionGuards(LoggedInGuard)
@ComponentSocket('notes')
export class NotesSocket implements OnRainConnection {
  handle(socket: RainSocketOf<NotesEvents>) {
    socket.emit('welcome', { name: socket.session.user!.name });
  }

  /** Writes the session: saved after the handler, before the ack, so HTTP sees it as soon as the client has its answer. */
  @SubscribeMessage('add-note')
  add(@MessageBody({ schema: NoteText }) note: NoteText, @Session() session: RainSession): Note[] {
    (session.notes ??= []).push({ text: note.text, via: 'socket' });
    return session.notes;
  }

  /** Reads the session: current on every event, so a note added over HTTP meanwhile is there. */
  @SubscribeMessage('notes')
  list(@Session() session: RainSession): Note[] {
    return session.notes ?? [];
  }
}
