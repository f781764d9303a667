import { SubscribeMessage } from '@nestjs/websockets';
import type { AckAnswer, HandlerResult, RainEvents } from './rain-events.js';

type TypedMethodDecorator<R> = <T extends (...args: any[]) => R>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<T>,
) => void;

/** What `typedEvents<E>()` returns: Nest's decorators, checked against the events `E`. */
export interface TypedEventDecorators<E extends RainEvents> {
  /**
   * Nest's `@SubscribeMessage()`, checked against the component's events: the event must be
   * one of `clientToServer`, and when it declares an ack the method must return its answer.
   */
  SubscribeMessage<K extends keyof E['clientToServer'] & string>(
    event: K,
  ): TypedMethodDecorator<HandlerResult<AckAnswer<E['clientToServer'], K>>>;
}

/**
 * Decorators typed by a component's events. A function, not a generic decorator, so that
 * the event name is inferred while the events are given once.
 *
 * @example
 * ```ts
 * const { SubscribeMessage } = typedEvents<ChatEvents>();
 *
 * @ComponentSocket('chat')
 * export class ChatSocket {
 *   @SubscribeMessage('new-message')
 *   save(@MessageBody() message: ClientPayload<ChatEvents, 'new-message'>) { return { id: 1 }; }
 * }
 * ```
 */
export function typedEvents<E extends RainEvents>(): TypedEventDecorators<E> {
  return { SubscribeMessage: (event: string) => SubscribeMessage(event) } as unknown as TypedEventDecorators<E>;
}
