import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import type { RainSocket } from 'rain-sockets';
import './session-data.js';

/**
 * Lets in whoever has logged in (a user in the session), over HTTP and at a socket's
 * handshake alike. The refusal is a 401 over HTTP, and a `connect_error` with
 * `message: 'Log in first.'` and `data.code: 'unauthorized'` for a socket.
 */
@Injectable()
export class LoggedInGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const session =
      context.getType() === 'ws'
        ? context.switchToWs().getClient<RainSocket>().session
        : context.switchToHttp().getRequest<Request>().session;
    if (!session?.user) throw new UnauthorizedException('Log in first.');
    return true;
  }
}
