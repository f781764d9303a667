import { type DynamicModule, Module } from '@nestjs/common';
import { RainComponent } from 'rain-sockets';
import { NODE_NAME } from '../node-name.js';
import { LobbySocket } from './lobby.socket.js';
import { RoomsController } from './rooms.controller.js';

@RainComponent({ id: 'lobby', version: '1.0.0' })
@Module({})
export class LobbyModule {
  /** `node`: this node's name, shown in the presence of the users it serves. */
  static forRoot(node: string): DynamicModule {
    return {
      module: LobbyModule,
      providers: [LobbySocket, { provide: NODE_NAME, useValue: node }],
      controllers: [RoomsController],
    };
  }
}
