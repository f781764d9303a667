import { Module } from '@nestjs/common';
import { RainSocketsModule } from 'rain-sockets';
import { ChatComponent } from './chat/chat.component.js';
import { PageController } from './page.controller.js';
import { RoomsDemoModule } from './rooms/rooms-demo.module.js';
import { SessionController } from './session.controller.js';
import { demoClusterOption } from './demo-cluster.option.js';

@Module({
  imports: [
    RainSocketsModule.forRoot({
      // The embedded default: express-session's MemoryStore, one node.
      session: { secret: process.env.SESSION_SECRET ?? 'rain-sockets demo secret' },
      // Off unless started by `npm run start:cluster`: then on Redis, sessions included.
      cluster: demoClusterOption(),
    }),
    ChatComponent,
    RoomsDemoModule,
  ],
  controllers: [PageController, SessionController],
})
export class AppModule {}
