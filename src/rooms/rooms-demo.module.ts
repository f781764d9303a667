import { Module } from '@nestjs/common';
import { RainRoomsModule } from 'rain-sockets';
import { RoomsPageController } from './rooms-page.controller.js';

/** actionHero's chat rooms on /rooms/1.0.0/rooms, and the page at /rooms to try them. */
@Module({
  imports: [RainRoomsModule.forRoot({ defaultRoom: 'lobby', roomAuthorizer: ({ room }) => !room.startsWith('staff') })],
  controllers: [RoomsPageController],
})
export class RoomsDemoModule {}
