import type { Socket } from 'socket.io';
import type { ComponentSocketDefinition } from './component-socket-definition.js';

const CONTEXT = Symbol('rain-sockets:context');

/** What the library keeps on a component socket; absent on sockets of hand-written gateways. */
export interface RainSocketContext {
  definition: ComponentSocketDefinition;
  /** Whether the session guard and save interceptor act on this socket. */
  session: boolean;
  /** Resolves when `handle()` has finished; events wait for it. Unset when it ran synchronously. */
  ready?: Promise<unknown>;
}

export function setRainContext(socket: Socket, context: RainSocketContext): void {
  (socket as unknown as Record<symbol, RainSocketContext>)[CONTEXT] = context;
}

export function getRainContext(socket: unknown): RainSocketContext | undefined {
  return socket !== null && typeof socket === 'object'
    ? (socket as Record<symbol, RainSocketContext | undefined>)[CONTEXT]
    : undefined;
}
