import type { RequestHandler } from 'express';
import expressSession, { MemoryStore, type SessionOptions, type Store } from 'express-session';
import type { RainSessionExtras, RainSessionOptions } from './session-options.interface.js';

export const DEFAULT_SESSION_MAX_AGE = 30 * 60_000;

/** Our options, apart from express-session's own. */
const EXTRA_KEYS: (keyof RainSessionExtras)[] = [
  'requireSession',
  'keepAlivePath',
  'perSocket',
  'freshness',
  'expiryCheckInterval',
  'mountOnHttp',
];

export interface SessionMiddlewareParts {
  middleware: RequestHandler;
  store: Store;
  /** Whether we built the middleware (then HTTP needs it mounted) or the app gave its own. */
  own: boolean;
}

/**
 * The one express-session middleware HTTP and sockets share: built from express-session's
 * options (with a cookie that expires, and a session for every visitor so a socket that
 * comes first still shares it with HTTP), or the app's own middleware, whose store is
 * found by running it once on an empty request.
 */
export function sessionMiddleware(
  options: RainSessionOptions,
  prepareStore: (store: Store) => void,
  defaultStore?: () => Store,
): SessionMiddlewareParts {
  if ('middleware' in options) {
    const store = storeOf(options.middleware);
    prepareStore(store);
    return { middleware: options.middleware, store, own: false };
  }
  const sessionOptions: SessionOptions = { ...options };
  for (const key of EXTRA_KEYS) delete (sessionOptions as unknown as Record<string, unknown>)[key];
  const store = sessionOptions.store ?? defaultStore?.() ?? new MemoryStore();
  prepareStore(store);
  const middleware = expressSession({
    resave: false,
    saveUninitialized: true,
    ...sessionOptions,
    cookie: { maxAge: DEFAULT_SESSION_MAX_AGE, httpOnly: true, sameSite: 'lax', ...sessionOptions.cookie },
    store,
  });
  return { middleware, store, own: true };
}

function storeOf(middleware: RequestHandler): Store {
  const request = { headers: {}, url: '/', originalUrl: '/', method: 'GET', socket: {}, connection: {} } as Record<string, unknown>;
  const response = { writeHead() {}, end() {}, setHeader() {}, getHeader() {} };
  middleware(request as never, response as never, () => undefined);
  const store = request.sessionStore as Store | undefined;
  if (!store) throw new Error('session.middleware is not an express-session middleware: it set no req.sessionStore.');
  return store;
}
