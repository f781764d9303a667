import type { Store } from 'express-session';

/**
 * Optional: the store sessions use when the app's `session` option names none, offered by
 * another concern (the cluster offers its Redis store). Without it: express-session's MemoryStore.
 */
export const RAIN_DEFAULT_SESSION_STORE = Symbol('rain-sockets:default-session-store');

export type DefaultSessionStore = () => Store;
