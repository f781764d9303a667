import { type CanActivate, type ExecutionContext, Module } from '@nestjs/common';
import { RainSocketsModule } from 'rain-sockets';
import { ChatComponent } from './chat/chat.component.js';
import { PageController } from './page.controller.js';
import { RoomsDemoModule } from './rooms/rooms-demo.module.js';
import { SessionController } from './session.controller.js';
import { demoClusterOption } from './demo-cluster.option.js';

/** The demo's dashboard guard: this machine only. A real app puts its admin guard here. */
class LocalOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const address = context.switchToHttp().getRequest<{ socket: { remoteAddress?: string } }>().socket.remoteAddress ?? '';
    return ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address);
  }
}

@Module({
  imports: [
    RainSocketsModule.forRoot({
      // The embedded default: express-session's MemoryStore, one node.
      session: { secret: process.env.SESSION_SECRET ?? 'rain-sockets demo secret' },
      // Off unless started by `npm run start:cluster`: then on Redis, sessions included.
      cluster: demoClusterOption(),
      // Operators' view: GET /metrics, spans to the global tracer (a no-op without an SDK), /rain/dashboard.
      telemetry: { prometheus: true },
      dashboard: { guard: LocalOnlyGuard },
    }),
    ChatComponent,
    RoomsDemoModule,
  ],
  controllers: [PageController, SessionController],
})
export class AppModule {}
