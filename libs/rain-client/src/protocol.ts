// The names docs/PROTOCOL.md gives to what the server adds on top of socket.io.

/** Server → client, after connect: `{ expires: string | null }`, the session cookie's expiry. */
export const SESSION_INFO_EVENT = 'rain:session';
/** Server → client: `{ reason }`, the socket's session expired or was destroyed. */
export const SESSION_EXPIRED_EVENT = 'session_expired';
/**
 * Server → client: `{ reason: 'idle' }` with an ack, the socket is evicted: stop sending on it and
 * ack once what was sent is answered; the server disconnects it then (or 2 s later without an ack).
 */
export const EVICTED_EVENT = 'rain:evicted';
/** Server → client: `{}`, the node is shutting down; reconnect (elsewhere). */
export const SERVER_SHUTDOWN_EVENT = 'server_shutdown';

/** Server → client with cluster recovery: the stream offset to recover from (socket.io-client keeps it). */
export const RECOVERY_OFFSET_EVENT = 'rain:offset';

/** Events of the runtime itself: they are not the user's activity. */
export const CONTROL_EVENTS: ReadonlySet<string> = new Set([
  SESSION_INFO_EVENT,
  SESSION_EXPIRED_EVENT,
  EVICTED_EVENT,
  SERVER_SHUTDOWN_EVENT,
  RECOVERY_OFFSET_EVENT,
]);

/** `connect_error` `data.code` when the node that took the handshake is shutting down. */
export const SERVER_SHUTDOWN_CODE = 'server_shutdown';

/** `connect_error` `data.code` when the server requires a session the handshake did not bring. */
export const SESSION_REQUIRED_CODE = 'session_required';

export const DEFAULT_SOCKET_PATH = '/socket.io';
export const DEFAULT_KEEP_ALIVE_PATH = '/core/controller/cookie';

/** The key of the trace envelope: a last argument `{ 'rain:trace': { traceparent, tracestate } }` after an emit's data. */
export const TRACE_ENVELOPE_KEY = 'rain:trace';
