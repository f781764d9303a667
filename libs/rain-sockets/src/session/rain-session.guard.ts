import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { getRainContext } from '../core/rain-socket-context.js';
import { RainSessionService } from './rain-session.service.js';

/**
 * Makes `socket.session` present and current before each event of a component socket:
 * when HTTP or another socket changed the session since, the handler sees the change.
 * RainSocketsModule installs it globally; it passes through anything that is not a
 * component socket with sessions on (HTTP requests, hand-written gateways).
 */
@Injectable()
export class RainSessionGuard implements CanActivate {
  constructor(private readonly sessions: RainSessionService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'ws') return true;
    const socket = context.switchToWs().getClient<Socket>();
    if (!getRainContext(socket)?.session) return true;
    await this.sessions.refresh(socket);
    return true;
  }
}
