import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { toErrorPayload } from '../handlers/ws-error.js';
import { EXCEPTION_EVENT } from '../core/rain-sockets.constants.js';
import type { RoomsFailure } from './rain-rooms.interface.js';
import { verbFailedMessage } from './rain-rooms.messages.js';

/**
 * Answers every failure of a verb, whatever threw it (the verb, a guard, a pipe, the
 * session), as actionHero does: a JSON object with `error` set. Unexpected errors are
 * logged and answered without their detail.
 */
@Catch()
export class RainRoomsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('RainRooms');

  catch(exception: unknown, host: ArgumentsHost): void {
    const [socket, , ack] = host.getArgs<[Socket, unknown, unknown]>();
    const { payload, expected } = toErrorPayload(exception);
    if (!expected) {
      const verb = (host as Partial<{ getHandler(): Function }>).getHandler?.().name ?? 'verb';
      this.logger.error(`${verbFailedMessage(verb)}: ${exception instanceof Error ? exception.stack : String(exception)}`);
    }
    const failure: RoomsFailure = { error: payload.message, code: payload.code };
    if (payload.details !== undefined) failure.details = payload.details;
    if (typeof ack === 'function') ack(failure);
    else if (socket?.connected) socket.emit(EXCEPTION_EVENT, { ...payload, ...failure });
  }
}
