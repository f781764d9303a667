import { Module } from '@nestjs/common';
import { RainComponent } from 'rain-sockets';
import { ChatSocket } from './chat.socket.js';

@RainComponent({ id: 'chat', version: '1.0.0' })
@Module({ providers: [ChatSocket] })
export class ChatComponent {}
