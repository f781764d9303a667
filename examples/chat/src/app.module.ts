import { Module } from '@nestjs/common';
import { RainSocketsModule } from 'rain-sockets';
import { ChatModule } from './chat/chat.module.js';
import { PageController } from './page.controller.js';

@Module({
  imports: [
    // No options needed for a chat: one node, no sessions. It also serves GET /rain/client.js.
    RainSocketsModule.forRoot(),
    ChatModule,
  ],
  controllers: [PageController],
})
export class AppModule {}
