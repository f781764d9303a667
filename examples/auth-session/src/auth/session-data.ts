// The session's shape, for express-session's `req.session` and rain-sockets' `socket.session`
// and `@Session()` alike: both are typed by express-session's SessionData.
import 'express-session';

export interface SessionUser {
  name: string;
}

export interface Note {
  text: string;
  /** Which side wrote it: the session is one, whatever writes it. */
  via: 'http' | 'socket';
}

declare module 'express-session' {
  interface SessionData {
    user: SessionUser;
    notes: Note[];
  }
}
