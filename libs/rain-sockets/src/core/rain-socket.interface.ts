import type { Socket } from 'socket.io';
import type { RainSession } from '../session/rain-session.interface.js';

/**
 * The socket a component socket's `handle()` and handlers receive: socket.io's own
 * server socket (emit, on, join, to, broadcast, acks, ...) plus the HTTP session.
 */
export interface RainSocket<
  ListenEvents extends Record<string, any> = Record<string, any>,
  EmitEvents extends Record<string, any> = Record<string, any>,
> extends Socket<ListenEvents, EmitEvents> {
  /**
   * The express-session of the handshake cookie, current at the start of every event
   * and saved after it. Undefined when sessions are off for this socket.
   */
  readonly session: RainSession;
}

/** What a component socket class may implement besides its `@SubscribeMessage()` handlers. */
export interface OnRainConnection {
  /** Runs on every connection, after the connection guards; sync or async. */
  handle(socket: RainSocket): unknown;
}

/** What a component socket class may implement to hear of a socket that is gone. */
export interface OnRainDisconnect {
  /** Runs once the socket is gone; `reason` is socket.io's (`transport close`, ...). A failure is logged. */
  onDisconnect(socket: RainSocket, reason: string): unknown;
}

/**
 * Answers events that no `@SubscribeMessage()` handles: the returned value (or promise)
 * goes to the client's ack. Without it such an ack gets an `unknown_event` error.
 */
export interface OnRainUnknownEvent {
  onUnknownEvent(socket: RainSocket, event: string, data: unknown): unknown;
}
