import { Logger } from '@nestjs/common';
import { ComponentSocket, ConnectedSocket, MessageBody, type RainSocket, SubscribeMessage } from 'rain-sockets';

/** The seeds' chat handler, on /chat/1.0.0/chat. */
@ComponentSocket('chat')
export class ChatSocket {
  private readonly logger = new Logger(ChatSocket.name);

  handle(socket: RainSocket) {
    socket.emit('hello', { message: 'Hello Sockets!' });
  }

  @SubscribeMessage('new-message')
  onMessage(@MessageBody() data: { text: string }, @ConnectedSocket() socket: RainSocket) {
    this.logger.log(data.text);
    // As in seed 002: the session is saved after the handler, and GET /session shows it.
    socket.session.set('data', data);
    socket.broadcast.emit('new-message', { text: data.text, from: socket.id, at: new Date().toISOString() });
    return { delivered: true };
  }
}
