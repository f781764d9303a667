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
  /** A handshake that an extension or a connection guard refused, with the code its client got. */
  connectionRefused?(socket: Socket, code: string, definition: ComponentSocketDefinition): void;
  /**
   * Runs the handling of each event (extensions' `incoming`, guards, handler, answer)
   * inside `run`: a tracing span, an async context. Must call `run` once, synchronously,
   * and return what it returns. `args` are the event's arguments as they arrived (the ack
   * last, when the client asked for one): read them, never change them. Only when an
   * extension defines it is anything wrapped.
   */
  aroundEvent?<T>(socket: Socket, event: string, run: () => T, args: readonly unknown[]): T;
  /**
   * After each event is answered: `code` is undefined when it succeeded, else the error code
   * its client got (`rate_limited`, `timeout`, `unknown_event`...); `ms` is the time from its
   * arrival to its answer; `acked` whether the client asked for an ack (then `ms` is what it
   * waited, less the network). Only when an extension defines it does the server time events.
   */
  eventHandled?(socket: Socket, event: string, code: string | undefined, ms: number, acked: boolean): void;
}
