import type { Socket } from 'socket.io-client';
import type { RainErrorPayload } from '../handlers/ws-error.js';
import type { PresenceDiffPayload, PresenceStatePayload } from '../presence/presence.types.js';
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

/** What the library itself may send any component socket (docs/PROTOCOL.md), so a typed client can wait for it too. */
export interface RainServerEvents {
  exception: (error: RainErrorPayload) => void;
  server_shutdown: (data: Record<string, never>) => void;
  'rain:session': (data: { expires: string | null }) => void;
  session_expired: (data: { reason: 'expired' | 'destroyed' }) => void;
  'rain:evicted': (data: { reason: 'idle' }) => void;
  presence_state: (state: PresenceStatePayload) => void;
  presence_diff: (diff: PresenceDiffPayload) => void;
}

/**
 * The socket.io client a test gets, typed by the component's events: it listens to
 * `serverToClient` (and the library's own events) and emits `clientToServer`; an untyped
 * socket when none are given.
 */
export type ComponentClient<E extends RainEvents = UntypedEvents> = string extends keyof E['serverToClient']
  ? Socket<E['serverToClient'], E['clientToServer']>
  : Socket<E['serverToClient'] & RainServerEvents, E['clientToServer']>;
