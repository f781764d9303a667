import { Inject, Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { RainClientError, toErrorPayload } from '../handlers/ws-error.js';
import { RAIN_SOCKETS_OPTIONS } from '../rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../rain-socket-extension.interface.js';
import { EXCEPTION_EVENT } from '../rain-sockets.constants.js';
import { DEFAULT_MAX_PAYLOAD_DEPTH, PAYLOAD_TOO_DEEP_EVENT } from './security.constants.js';
import { payloadTooDeepMessage } from './security.messages.js';

/**
 * Answers the sender of a too-deep event (turned into PAYLOAD_TOO_DEEP_EVENT by the
 * depth-limited parser) with `payload_too_deep`, by ack or `exception`, as for any failed
 * event. Its listener comes before the core's unknown-event answer, which then finds the
 * ack spent.
 */
@Injectable()
export class PayloadDepthExtension implements RainSocketExtension {
  private readonly limit: number;

  constructor(@Inject(RAIN_SOCKETS_OPTIONS) options: RainSocketsOptions) {
    this.limit = options?.maxPayloadDepth ?? DEFAULT_MAX_PAYLOAD_DEPTH;
  }

  connected(socket: Socket): void {
    if (this.limit > 0) socket.onAny(this.answerTooDeep);
  }

  // Shared by every socket: socket.io calls onAny listeners with the socket as `this`.
  private readonly answerTooDeep = (() => {
    const extension = this;
    return function (this: Socket, event: string, ...args: unknown[]) {
      if (event !== PAYLOAD_TOO_DEEP_EVENT) return;
      const original = typeof args[0] === 'string' ? args[0] : undefined;
      const error = new RainClientError('payload_too_deep', payloadTooDeepMessage(extension.limit), { limit: extension.limit });
      const { payload } = toErrorPayload(error, original);
      const ack = args[args.length - 1];
      if (typeof ack === 'function') ack(payload);
      else this.emit(EXCEPTION_EVENT, payload);
    };
  })();
}
