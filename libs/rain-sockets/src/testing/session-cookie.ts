import type { INestApplication } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RainSessionService } from '../session/rain-session.service.js';
import { cookieHeader } from './cookie-header.js';
import { noSessionCookieMessage, sessionsOffMessage } from './testing.messages.js';

/**
 * Creates a session holding `values` in the app's own session store, through the app's
 * own express-session middleware (so its secret, cookie name and store apply), and
 * returns the `Cookie` header that selects it, for sockets and HTTP requests alike.
 */
export async function sessionCookie(app: INestApplication, values: Record<string, unknown> = {}): Promise<string> {
  const sessions = app.get(RainSessionService, { strict: false });
  const middleware = sessions.enabled ? sessions.middleware : undefined;
  if (!middleware) throw new Error(sessionsOffMessage());
  const headers = new Map<string, unknown>();
  const res = {
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    writeHead() {},
    end() {},
  };
  // Encrypted, so that a `secure` cookie is set too.
  const req = { headers: {}, url: '/', originalUrl: '/', method: 'GET', connection: { encrypted: true }, socket: { encrypted: true } };
  await new Promise<void>((resolve, reject) =>
    middleware(req as unknown as Request, res as unknown as Response, (error?: unknown) => (error ? reject(error) : resolve())),
  );
  const session = (req as unknown as Request).session;
  Object.assign(session, values);
  await new Promise<void>((resolve, reject) => session.save((error) => (error ? reject(error) : resolve())));
  // express-session writes its cookie when the response's headers go out.
  res.writeHead();
  const setCookie = headers.get('set-cookie') as string | string[] | undefined;
  if (!setCookie) throw new Error(noSessionCookieMessage());
  return cookieHeader(setCookie);
}
