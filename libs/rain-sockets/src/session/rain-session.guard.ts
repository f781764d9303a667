import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { getRainContext } from '../core/rain-socket-context.js';
import { RainSessionService } from './rain-session.service.js';

/**
 * Makes `socket.session` present and current before each event of a component socket:
 * when HTTP or another socket changed the session since, the handler sees the change.
 * RainSocketsModule installs it globally; it passes through anything that is not a
 * component socket with sessions on (HTTP requests, hand-written gateways).
 * When the session is known to be current it answers `true` synchronously: the
 * pipeline then runs on without a promise.
 */
@Injectable()
export class RainSessionGuard implements CanActivate {
  constructor(private readonly sessions: RainSessionService) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'ws') return true;
    // The ws client is the first argument (what switchToWs().getClient() reads, without its closures).
    const socket = context.getArgByIndex<Socket>(0);
    if (!getRainContext(socket)?.session) return true;
    const reloading = this.sessions.refresh(socket);
    return reloading === undefined ? true : reloading.then(allowed);
  }
}

function allowed(): boolean {
  return true;
}
