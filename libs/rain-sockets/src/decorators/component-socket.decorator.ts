import { Injectable, SetMetadata, applyDecorators } from '@nestjs/common';
import { COMPONENT_SOCKET_METADATA } from '../core/rain-sockets.constants.js';

/** The second argument of `@ComponentSocket(channel, options)`; every field is optional. */
export interface ComponentSocketOptions {
  /** Component id, when the socket is not declared in a `@RainComponent` module. */
  component?: string;
  /** Component version, with `component`. */
  version?: string;
  /**
   * Whether the session is loaded before and saved after each handler
   * (default: the module's `session.perSocket`, itself true when sessions are on).
   */
  session?: boolean;
}

export interface ComponentSocketMetadata extends ComponentSocketOptions {
  channel: string;
}

/**
 * Serves the class on the socket.io namespace `/{componentId}/{version}/{channel}`.
 * The class becomes an injectable singleton; its `handle(socket)` runs on every
 * connection and its `@SubscribeMessage()` methods receive the socket's events
 * through Nest's guards, interceptors, pipes and exception filters.
 *
 * @example
 * ```ts
 * @ComponentSocket('chat')
 * export class ChatSocket {
 *   handle(socket: RainSocket) { socket.emit('hello', { message: 'Hello Sockets!' }); }
 * }
 * ```
 */
export function ComponentSocket(channel: string, options: ComponentSocketOptions = {}): ClassDecorator {
  const metadata: ComponentSocketMetadata = { ...options, channel };
  return applyDecorators(Injectable(), SetMetadata(COMPONENT_SOCKET_METADATA, metadata));
}
