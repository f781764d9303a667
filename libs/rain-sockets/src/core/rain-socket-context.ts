import type { Namespace, Socket } from 'socket.io';
import type { ComponentSocketDefinition } from './component-socket-definition.js';

const CONTEXT = Symbol('rain-sockets:context');
const READY = Symbol('rain-sockets:ready');

/** What the library keeps for a component socket's namespace; absent for hand-written gateways. */
export interface RainSocketContext {
  definition: ComponentSocketDefinition;
  /** Whether the session guard and save interceptor act on this namespace's sockets. */
  session: boolean;
}

// On the namespace, not on each socket: one object for all of its sockets, nothing per connection.
export function setRainContext(namespace: Namespace, context: RainSocketContext): void {
  (namespace as unknown as Record<symbol, RainSocketContext>)[CONTEXT] = context;
}

export function getRainContext(socket: unknown): RainSocketContext | undefined {
  const namespace = socket !== null && typeof socket === 'object' ? (socket as { nsp?: unknown }).nsp : undefined;
  return namespace !== null && typeof namespace === 'object'
    ? (namespace as Record<symbol, RainSocketContext | undefined>)[CONTEXT]
    : undefined;
}

/** Resolves when the socket's `handle()` has finished; events wait for it. Unset when it ran synchronously. */
export function handleRunning(socket: Socket): Promise<unknown> | undefined {
  return (socket as unknown as Record<symbol, Promise<unknown> | undefined>)[READY];
}

export function setHandleRunning(socket: Socket, running: Promise<unknown> | undefined): void {
  (socket as unknown as Record<symbol, Promise<unknown> | undefined>)[READY] = running;
}
