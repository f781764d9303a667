import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { RainSocket } from 'rain-sockets';
import { Name } from './lobby.schemas.js';

/**
 * At the handshake: the client must say who it is (`auth: { name }`). The name is kept in
 * `socket.data`, which socket.io carries across nodes, so `fetchSockets()` on any node sees it.
 * (A real app takes the user from its session or a token instead.)
 */
@Injectable()
export class NamedGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const socket = context.switchToWs().getClient<RainSocket>();
    const name = Name.safeParse(socket.handshake.auth.name);
    if (!name.success) throw new WsException({ code: 'name_required', message: 'Connect with auth: { name }.' });
    socket.data.name = name.data;
    return true;
  }
}
