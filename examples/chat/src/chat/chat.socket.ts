import { StandardSchemaValidationPipe } from '@nestjs/common';
import {
  type ClientPayload,
  ComponentSocket,
  ConnectedSocket,
  MessageBody,
  type OnRainConnection,
  type RainSocketOf,
  typedEvents,
} from 'rain-sockets';
import { z } from 'zod';
import type { ChatEvents, ChatMessage } from './chat.events.js';

// Nest's @SubscribeMessage, checked against ChatEvents: a misspelt event or a wrong ack answer fails to compile.
const { SubscribeMessage } = typedEvents<ChatEvents>();

/**
 * What a client may send; anything else is answered `bad_request` with the schema's messages.
 * `satisfies` keeps the schema and ChatEvents in step.
 */
const OutgoingMessage = z.object({
  from: z.string().trim().min(1, 'Give your name.').max(40),
  text: z.string().trim().min(1, 'Write something first.').max(1_000),
}) satisfies z.ZodType<ClientPayload<ChatEvents, 'message'>>;

type ChatSocketClient = RainSocketOf<ChatEvents>;

/**
 * The chat. Its module is the `chat` component, version 1.0.0, so it is served on the
 * socket.io namespace `/chat/1.0.0/chat`; the page asks for it with
 * `rain.component('chat', '1.0.0').messaging.getSocket('chat')`.
 */
@ComponentSocket('chat')
export class ChatSocket implements OnRainConnection {
  /** Runs once per connection, before any event of that socket is handled. */
  handle(socket: ChatSocketClient) {
    socket.emit('hello', { message: 'Welcome to the chat!' });
  }

  @SubscribeMessage('message')
  message(
    @MessageBody({ schema: OutgoingMessage, pipes: [new StandardSchemaValidationPipe()] }) body: z.infer<typeof OutgoingMessage>,
    @ConnectedSocket() socket: ChatSocketClient,
  ): ChatMessage {
    const message: ChatMessage = { ...body, sentAt: new Date().toISOString() };
    // Everyone on the namespace but the sender...
    socket.broadcast.emit('message', message);
    // ...who gets it as the acknowledgement of its emit instead.
    return message;
  }
}
