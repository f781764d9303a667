import type { ServerOptions } from 'socket.io';
import { payloadServerOptions } from '../security/payload-limits.js';
import { DEFAULT_SOCKET_PATH } from './rain-sockets.constants.js';
import type { RainSocketsOptions } from './rain-sockets-options.interface.js';

/** socket.io's server options for the module's options: the app's `socketIo`, our payload limits, our path. */
export function socketIoServerOptions(options: RainSocketsOptions): Partial<ServerOptions> {
  return {
    ...options.socketIo,
    ...payloadServerOptions(options),
    path: options.path ?? DEFAULT_SOCKET_PATH,
  };
}
