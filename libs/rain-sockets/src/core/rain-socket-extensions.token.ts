/** Injection token of the ordered list of RainSocketExtension the server calls. */
export const RAIN_SOCKET_EXTENSIONS = Symbol('rain-sockets:extensions');
