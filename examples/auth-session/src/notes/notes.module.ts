import { Module } from '@nestjs/common';
import { RainComponent } from 'rain-sockets';
import { NotesController } from './notes.controller.js';
import { NotesSocket } from './notes.socket.js';

@RainComponent({ id: 'notes', version: '1.0.0' })
@Module({ providers: [NotesSocket], controllers: [NotesController] })
export class NotesModule {}
