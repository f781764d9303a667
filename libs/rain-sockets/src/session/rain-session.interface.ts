import type { Session, SessionData } from 'express-session';

/**
 * express-session's session (plain properties, `regenerate`, `destroy`, `touch`,
 * `save`, `reload`) plus RAIN's `set(key, value)` / `get(key)`.
 */
export type RainSession = Session &
  Partial<SessionData> & {
    [key: string]: any;
    set(key: string, value: unknown): void;
    get<T = unknown>(key: string): T | undefined;
  };
