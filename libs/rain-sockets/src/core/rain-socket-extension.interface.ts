import type { Server, Socket } from 'socket.io';
import type { ComponentSocketDefinition } from './component-socket-definition.js';

/**
 * A concern that takes part in every component socket's life (sessions, idle
 * tracking, ...). The server calls the hooks of each extension in order; a hook that
 * throws in `admit` refuses the connection with its error.
 */
export interface RainSocketExtension {
  /** Once, when the socket.io server exists and before any namespace is served. */
  serverCreated?(io: Server): void | Promise<void>;
  /** Once, at shutdown, before the server closes. */
  serverClosing?(io: Server): void | Promise<void>;
  /** In the namespace middleware, before the connection guards. */
  admit?(socket: Socket, definition: ComponentSocketDefinition): Promise<void> | void;
  /** Once connected, before `handle()`. */
  connected?(socket: Socket, definition: ComponentSocketDefinition): void;
  /**
   * On every event from the client, before its handler. Throwing (a RainClientError, say)
   * refuses that event: the client gets the error by ack or `exception`. Must not
   * allocate: it is on the hot path.
   */
  incoming?(socket: Socket, event: string): void;
  disconnected?(socket: Socket, reason: string, definition: ComponentSocketDefinition): void;
}
