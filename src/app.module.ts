import { Module } from '@nestjs/common';
import { RainSocketsModule } from 'rain-sockets';
import { ChatComponent } from './chat/chat.component.js';
import { PageController } from './page.controller.js';
import { RoomsDemoModule } from './rooms/rooms-demo.module.js';
import { SessionController } from './session.controller.js';
import { demoOptions } from './demo-options.js';
import { VisitorNameGuard } from './visitor/visitor-name.guard.js';

@Module({
  imports: [RainSocketsModule.forRoot(demoOptions()), ChatComponent, RoomsDemoModule],
  controllers: [PageController, SessionController],
  providers: [VisitorNameGuard],
})
export class AppModule {}
