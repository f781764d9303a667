// Marks the session machinery keeps on express-session objects and requests.
// Symbols, so that express-session's JSON of a session never includes them.

/** On a Session: what it was loaded or last saved as (SessionSnapshot). */
export const SNAPSHOT = Symbol('rain-sockets:session-snapshot');
/** On a Session: the generation of its session id on this node when it was loaded (freshness). */
export const LOADED_VERSION = Symbol('rain-sockets:session-version');
/** On a Session: its save under way, which the next save of the same copy waits for. */
export const SAVING = Symbol('rain-sockets:session-saving');
/** On data a merging store loaded: its snapshot, so that making a Session of it serializes nothing. */
export const LOADED_SNAPSHOT = Symbol('rain-sockets:session-loaded-snapshot');
/** On a request: its session was loaded from the store (the cookie selected a stored session). */
export const LOADED_FROM_STORE = Symbol('rain-sockets:session-loaded');
/** On a request: the store failed while the handshake loaded the session. */
export const SESSION_ERROR = Symbol('rain-sockets:session-error');
