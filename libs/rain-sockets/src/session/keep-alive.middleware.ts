import type { NextFunction, Request, Response } from 'express';
import { parse } from 'cookie';
import { LOADED_FROM_STORE } from './session-keys.js';
import type { RainSessionService } from './rain-session.service.js';

/**
 * `GET /core/controller/cookie`: the client runtime calls it shortly before the session
 * cookie expires when its sockets were active (sockets carry no headers, so only HTTP
 * can move the cookie's expiry). Touches the session, sends the cookie again with the
 * new expiry, and answers `{ expires }`; 401 when the request has no live session.
 */
export function keepAliveHandler(sessions: RainSessionService) {
  return (req: Request, res: Response, next: NextFunction) => {
    const respond = () => {
      void answer(sessions, req, res).catch(next);
    };
    if (req.session) return respond();
    sessions.middleware!(req, res, (error?: unknown) => (error ? next(error) : respond()));
  };
}

async function answer(sessions: RainSessionService, req: Request, res: Response) {
  const session = req.session;
  res.setHeader('cache-control', 'no-store');
  if (!(req as unknown as Record<symbol, boolean>)[LOADED_FROM_STORE] || !(await sessions.keepAlive(session))) {
    res.status(401).json({ error: 'session_expired' });
    return;
  }
  // Re-send the signed value the browser already holds, with the new expiry: that works
  // for a middleware the app built itself too, whose secret we never see.
  const cookies = parse(req.headers.cookie ?? '');
  const name = Object.keys(cookies).find((key) => cookies[key]?.startsWith(`s:${session.id}.`));
  if (name) {
    // express-session's Cookie writes itself (expires, path, flags) but its types omit serialize().
    const cookie = session.cookie as unknown as { serialize(name: string, value: string): string };
    res.append('set-cookie', cookie.serialize(name, cookies[name]!));
  }
  res.json({ expires: session.cookie.expires?.toISOString() ?? null });
}
