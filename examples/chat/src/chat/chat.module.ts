import { Module } from '@nestjs/common';
import { RainComponent } from 'rain-sockets';
import { ChatSocket } from './chat.socket.js';

/** The `chat` component: its id and version make the namespace of each of its sockets. */
@RainComponent({ id: 'chat', version: '1.0.0' })
@Module({ providers: [ChatSocket] })
export class ChatModule {}
