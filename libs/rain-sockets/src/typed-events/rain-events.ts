import type { Observable } from 'rxjs';
import type { RainSocket } from '../core/rain-socket.interface.js';

/** Event name → listener signature, as socket.io types its events. */
export interface EventsMap {
  [event: string]: any;
}

/**
 * The events of one component channel, both ways, declared once and imported by the
 * server's handlers and the client's `getSocket<ChatEvents>('chat')`, so that a wrong
 * event name or payload on either side fails to compile. An event with an ack takes the
 * ack as its last parameter.
 *
 * @example
 * ```ts
 * export interface ChatEvents {
 *   clientToServer: { 'new-message': (message: { text: string }, ack: (saved: { id: number }) => void) => void };
 *   serverToClient: { hello: (data: { message: string }) => void };
 * }
 * ```
 */
export interface RainEvents {
  clientToServer: EventsMap;
  serverToClient: EventsMap;
}

/** The socket a component's handlers get, typed by its events: `emit` takes only `serverToClient` events. */
export type RainSocketOf<E extends RainEvents> = RainSocket<E['clientToServer'], E['serverToClient']>;

/** What a client sends with `event`: `@MessageBody() message: ClientPayload<ChatEvents, 'new-message'>`. */
export type ClientPayload<E extends RainEvents, K extends keyof E['clientToServer']> = Parameters<E['clientToServer'][K]>[0];

/** What the server sends with `event`. */
export type ServerPayload<E extends RainEvents, K extends keyof E['serverToClient']> = Parameters<E['serverToClient'][K]>[0];

/** The answer an event's ack carries, or `never` when the event declares no ack. */
export type AckAnswer<M extends EventsMap, K extends keyof M> =
  Parameters<M[K]> extends [...unknown[], infer Ack]
    ? Ack extends (answer: infer A, ...rest: any[]) => unknown
      ? A
      : never
    : never;

/** What a handler of an event with an ack may return: the answer, now or later (or nothing, when it takes `@Ack()`). */
export type HandlerResult<A> = [A] extends [never] ? unknown : A | Promise<A> | Observable<A> | void | Promise<void>;
