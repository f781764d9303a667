export const COMPONENT_SOCKET_METADATA = 'rain-sockets:component-socket';
export const RAIN_COMPONENT_METADATA = 'rain-sockets:component';
export const CONNECTION_GUARDS_METADATA = 'rain-sockets:connection-guards';

/** The event Nest's gateways use for errors that no acknowledgement can carry. */
export const EXCEPTION_EVENT = 'exception';

export const DEFAULT_SOCKET_PATH = '/socket.io';

/** Sent to every socket of a node that is shutting down, so clients reconnect elsewhere. */
export const SERVER_SHUTDOWN_EVENT = 'server_shutdown';

export const DEFAULT_HANDLER_TIMEOUT = 30_000;
export const DEFAULT_SHUTDOWN_TIMEOUT = 10_000;
