import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Socket } from 'socket.io';

/**
 * The express-session of the current event (`socket.session`) or HTTP request
 * (`req.session`), as a handler parameter.
 *
 * @example
 * ```ts
 * @SubscribeMessage('new-message')
 * onMessage(@MessageBody() data: { text: string }, @Session() session: RainSession) {
 *   session.set('data', data);
 * }
 * ```
 */
export const Session = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  if (context.getType() === 'ws') return (context.switchToWs().getClient<Socket>().request as { session?: unknown }).session;
  return context.switchToHttp().getRequest<{ session?: unknown }>().session;
});
