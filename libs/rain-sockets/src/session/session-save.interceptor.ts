import { type CallHandler, type ExecutionContext, Injectable } from '@nestjs/common';
import { EMPTY, concat, defer, ignoreElements, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';
import { getRainContext } from '../core/rain-socket-context.js';
import { AFTER_HANDLER, type AfterHandlerInterceptor } from '../handlers/after-handler.js';
import { RainSessionService } from './rain-session.service.js';

/**
 * Saves a component socket's session after its handler (or `handle()`) has finished:
 * after a returned promise resolves, or a returned observable completes, and only when
 * the session changed. The answer to the client waits for the save, so a client that
 * got its ack can read the new value over HTTP at once. A failed save reaches the
 * client as a `session_store_unavailable` error.
 *
 * rain-sockets' own pipeline calls its after-the-handler step directly (no Observable
 * chain, and no promise when nothing is to be written); `intercept()` does the same for
 * anyone who calls it as a plain Nest interceptor.
 */
@Injectable()
export class SessionSaveInterceptor implements AfterHandlerInterceptor {
  constructor(private readonly sessions: RainSessionService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'ws') return next.handle();
    const socket = context.getArgByIndex<Socket>(0);
    if (!getRainContext(socket)?.session) return next.handle();
    return concat(next.handle(), defer(() => this.sessions.save(socket) ?? EMPTY).pipe(ignoreElements()));
  }

  [AFTER_HANDLER](context: ExecutionContext): void | Promise<void> {
    if (context.getType() !== 'ws') return;
    const socket = context.getArgByIndex<Socket>(0);
    if (!getRainContext(socket)?.session) return;
    return this.sessions.save(socket);
  }
}
