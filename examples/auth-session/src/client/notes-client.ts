import { createRainClient, type RainClient, type SessionExpiredPayload } from 'rain-client';
import type { Note, SessionUser } from '../auth/session-data.js';
import type { NotesEvents } from '../notes/notes.events.js';

/**
 * The app's client, in Node: logs in over HTTP, then talks to the notes socket with
 * rain-client, sending the session cookie a browser would send by itself. rain-client keeps
 * the session alive (it calls the keep-alive route before the cookie expires while the socket
 * is in use) and publishes `session_expired` on its bus when the session ends, whatever the cause.
 */
export class NotesClient {
  private constructor(
    readonly url: string,
    readonly user: SessionUser,
    /** The session cookie, as a `Cookie` header. */
    readonly cookie: string,
    private readonly rain: RainClient,
  ) {}

  static async login(url: string, name: string): Promise<NotesClient> {
    const response = await fetch(`${url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    if (!response.ok) throw new Error(`Login refused: ${response.status} ${await response.text()}`);
    // `name=value` of each Set-Cookie, without its attributes: what a browser would send back.
    const cookie = response.headers
      .getSetCookie()
      .map((setCookie) => setCookie.split(';')[0])
      .join('; ');
    const rain = createRainClient({ url, headers: { cookie } });
    return new NotesClient(url, (await response.json()) as SessionUser, cookie, rain);
  }

  /** The notes socket: connects at the first call, then the same socket every time. */
  get socket() {
    return this.rain.component('notes', '1.0.0').messaging.getSocket<NotesEvents>('notes');
  }

  /** Adds a note over the socket; resolves with every note, or rejects with the server's error. */
  async addNote(text: string): Promise<Note[]> {
    return answerOf(await this.socket.timeout(5_000).emitWithAck('add-note', { text }));
  }

  /** Every note, read over the socket. */
  async notes(): Promise<Note[]> {
    return answerOf(await this.socket.timeout(5_000).emitWithAck('notes'));
  }

  /** Every note, read over HTTP with the same session. */
  async notesOverHttp(): Promise<Note[]> {
    const response = await fetch(`${this.url}/notes`, { headers: { cookie: this.cookie } });
    if (!response.ok) throw new Error(`GET /notes: ${response.status} ${await response.text()}`);
    return (await response.json()) as Note[];
  }

  /** Called once when the session ends: a logout (`destroyed`), an expiry, or an idle client (`inactive`). */
  onSessionExpired(listener: (payload: SessionExpiredPayload) => void): () => void {
    return this.rain.messaging.subscribe('session_expired', (payload) => listener(payload as SessionExpiredPayload));
  }

  async logout(): Promise<void> {
    const response = await fetch(`${this.url}/auth/logout`, { method: 'POST', headers: { cookie: this.cookie } });
    if (!response.ok) throw new Error(`Logout: ${response.status} ${await response.text()}`);
  }

  /** Disconnects and stops the keep-alive. */
  close(): void {
    this.rain.close();
  }
}

/** The handlers answer either their result or the server's error payload: turn the latter into a rejection. */
function answerOf<T>(answer: T | { status: 'error'; code: string; message: string }): T {
  if (typeof answer === 'object' && answer !== null && 'status' in answer && answer.status === 'error') {
    throw Object.assign(new Error(answer.message), { code: answer.code });
  }
  return answer as T;
}
