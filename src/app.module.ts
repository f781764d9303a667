import { Module } from '@nestjs/common';
import { RainSocketsModule } from '../libs/rain-sockets/src/index.js';
import { ChatComponent } from './chat/chat.component.js';
import { PageController } from './page.controller.js';

@Module({
  imports: [RainSocketsModule.forRoot({}), ChatComponent],
  controllers: [PageController],
})
export class AppModule {}
