import type { Socket } from 'socket.io-client';
import type { RainEvents } from '../typed-events/rain-events.js';

/** Any event with any arguments: what an untyped socket.io client accepts. */
export interface AnyEvents {
  [event: string]: (...args: any[]) => void;
}

/** Events when a test declares none. */
export interface UntypedEvents {
  clientToServer: AnyEvents;
  serverToClient: AnyEvents;
}

/**
 * The socket.io client a test gets, typed by the component's events: it listens to
 * `serverToClient` and emits `clientToServer` (an untyped socket when none are given).
 */
export type ComponentClient<E extends RainEvents = UntypedEvents> = Socket<E['serverToClient'], E['clientToServer']>;
