// Marks the session machinery keeps on express-session objects and requests.
// Symbols, so that express-session's JSON of a session never includes them.

/** On a Session: the JSON of its data when it was loaded or last saved. */
export const SNAPSHOT = Symbol('rain-sockets:session-snapshot');
/** On a Session: the store version of its session id it was loaded at. */
export const LOADED_VERSION = Symbol('rain-sockets:session-version');
/** On a request: its session was loaded from the store (the cookie selected a stored session). */
export const LOADED_FROM_STORE = Symbol('rain-sockets:session-loaded');
/** On a request: the store failed while the handshake loaded the session. */
export const SESSION_ERROR = Symbol('rain-sockets:session-error');
