import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { RainSocket } from 'rain-sockets';
import { visitorName } from './visitor.js';

/**
 * A connection guard of every component socket (chat and rooms): it admits everyone and, as
 * Passport's guards put `req.user`, puts the visitor's name on the socket (`socket.data`,
 * which `fetchSockets()` sees on every node), so the rooms page can show names.
 */
@Injectable()
export class VisitorNameGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const socket = context.switchToWs().getClient<RainSocket>();
    socket.data.name = visitorName(socket.session);
    return true;
  }
}
