import { Inject, Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { RainClientError } from '../handlers/ws-error.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { DEFAULT_MAX_PAYLOAD_DEPTH, PAYLOAD_TOO_DEEP_PREFIX } from './security.constants.js';
import { payloadTooDeepMessage } from './security.messages.js';

/**
 * Refuses the stand-in of a too-deep event (made by the depth-limited parser) with
 * `payload_too_deep`, so that its sender gets the error by ack or `exception` as for any
 * refused event. The core asks `incoming` for events without a handler too.
 */
@Injectable()
export class PayloadDepthExtension implements RainSocketExtension {
  private readonly limit: number;

  constructor(@Inject(RAIN_SOCKETS_OPTIONS) options: RainSocketsOptions) {
    this.limit = options?.maxPayloadDepth ?? DEFAULT_MAX_PAYLOAD_DEPTH;
  }

  incoming(_socket: Socket, event: string): void {
    // socket.io-parser lets a number through as an event name: not a stand-in, and no reason to fail.
    if (typeof event !== 'string' || !event.startsWith(PAYLOAD_TOO_DEEP_PREFIX)) return;
    const original = event.slice(PAYLOAD_TOO_DEEP_PREFIX.length) || undefined;
    throw new RainClientError('payload_too_deep', payloadTooDeepMessage(this.limit), { limit: this.limit, event: original });
  }
}
