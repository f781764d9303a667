import type { Session, SessionData } from 'express-session';

// What the demo keeps in the session that HTTP and the sockets share.
declare module 'express-session' {
  interface SessionData {
    /** Set over HTTP (POST /session/name), read by the sockets. */
    name: string;
    /** Page visits, counted over HTTP; the chat socket says it on connecting. */
    visits: number;
    /** Chat messages sent, counted by the chat socket; GET /session shows it. */
    sent: number;
  }
}

const NAME = /^[\p{L}\p{N} _.-]{1,24}$/u;

/** The visitor's name: the one they chose, or one made from their session id. */
export function visitorName(session: (Session & Partial<SessionData>) | undefined): string {
  if (!session) return 'guest';
  return session.name ?? `guest-${session.id.slice(0, 4)}`;
}

/** A name a visitor may choose: 1 to 24 letters, digits, spaces, "_", "." or "-". */
export function checkName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const trimmed = name.trim();
  return NAME.test(trimmed) ? trimmed : undefined;
}

export const invalidNameMessage = () => 'A name is 1 to 24 letters, digits, spaces, "_", "." or "-".';
