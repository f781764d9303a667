import type { Socket } from 'socket.io-client';
import type { MessageBus, Subscriber } from './message-bus.js';

type EventsMap = Record<string, (...args: any[]) => void>;

/**
 * A component's events both ways, declared once and shared with the server (rain-sockets'
 * RainEvents): `getSocket<ChatEvents>('chat')` listens to `serverToClient` and emits `clientToServer`.
 */
export interface RainEvents {
  clientToServer: { [event: string]: any };
  serverToClient: { [event: string]: any };
}

/** The socket getSocket returns: typed by a RainEvents, or by a listen map and an emit map. */
export type ClientSocketOf<Events, Emit extends EventsMap = any> = Events extends RainEvents
  ? Socket<Events['serverToClient'], Events['clientToServer']>
  : Socket<Extract<Events, EventsMap>, Emit>;

/** `this.context.messaging` of a RAIN component (seed 000). */
export interface ComponentMessaging extends MessageBus {
  /**
   * The socket.io socket of this component's `channel`, on `/{id}/{version}/{channel}`.
   * Connects on the first call; later calls return the same socket.
   */
  getSocket<Listen extends EventsMap | RainEvents = any, Emit extends EventsMap = any>(channel: string): ClientSocketOf<Listen, Emit>;
}

/** What a component's client controller gets as `this.context`. */
export interface ComponentContext {
  readonly id: string;
  readonly version: string;
  readonly messaging: ComponentMessaging;
}

export function createComponentContext(
  id: string,
  version: string,
  bus: MessageBus,
  socketFor: (channel: string) => Socket,
): ComponentContext {
  const messaging: ComponentMessaging = {
    getSocket: (channel: string) => socketFor(channel) as never,
    subscribe: <T>(event: string, fn: Subscriber<T>) => bus.subscribe(event, fn),
    publish: <T>(event: string, data?: T) => bus.publish(event, data),
  };
  return Object.freeze({ id, version, messaging: Object.freeze(messaging) });
}
