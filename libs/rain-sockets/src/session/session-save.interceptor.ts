import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { concat, defer, EMPTY, ignoreElements, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { getRainContext } from '../core/rain-socket-context.js';
import { RainSessionService } from './rain-session.service.js';

/**
 * Saves a component socket's session after its handler (or `handle()`) has finished:
 * after a returned promise resolves, or a returned observable completes, and only when
 * the session changed. The answer to the client waits for the save, so a client that
 * got its ack can read the new value over HTTP at once. A failed save reaches the
 * client as a `session_store_unavailable` error.
 */
@Injectable()
export class SessionSaveInterceptor implements NestInterceptor {
  constructor(private readonly sessions: RainSessionService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'ws') return next.handle();
    const socket = context.switchToWs().getClient<Socket>();
    if (!getRainContext(socket)?.session) return next.handle();
    return concat(next.handle(), defer(() => this.sessions.save(socket) ?? EMPTY).pipe(ignoreElements()));
  }
}
