import type { Session, SessionData } from 'express-session';

/**
 * express-session's session (plain properties, `regenerate`, `destroy`, `touch`,
 * `save`, `reload`) plus RAIN's `set(key, value)` / `get(key)`. `set` refuses the keys
 * `__proto__`, `constructor` and `prototype` with a `BadRequestException` (`bad_request` to a
 * socket's client, 400 over HTTP).
 */
export type RainSession = Session &
  Partial<SessionData> & {
    [key: string]: any;
    set(key: string, value: unknown): void;
    get<T = unknown>(key: string): T | undefined;
  };
