import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Server } from 'socket.io';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_SLOW_CONSUMER_GRACE } from './security.constants.js';
import { slowConsumerMessage } from './security.messages.js';

/** The parts of an engine.io connection we watch (its `transport.socket` is the `ws` WebSocket). */
interface EngineConnection {
  transport?: { name: string; socket?: { bufferedAmount?: number; terminate?: () => void } };
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  on(event: 'flush', listener: () => void): void;
  close(discard?: boolean): void;
}

/**
 * socket.io queues without bound for a client that does not read: what the engine holds
 * for the next write plus what `ws` holds for the kernel. Before each new packet for a
 * connection this looks at that queue; a connection that stays over `maxBufferedBytes` for
 * longer than `grace` is closed and its queue dropped. The grace lets a burst sent in one go
 * to a healthy client drain. Checking per packet needs no timer: the queue grows only by packets.
 */
@Injectable()
export class SlowConsumerExtension implements RainSocketExtension {
  private readonly logger = new Logger('RainSockets slow consumer');

  constructor(@Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions) {}

  serverCreated(io: Server): void {
    const option = this.options.slowConsumer;
    if (option === false) return;
    const max = option?.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    const grace = option?.grace ?? DEFAULT_SLOW_CONSUMER_GRACE;
    io.engine.on('connection', (connection: EngineConnection) => this.watch(connection, max, grace));
  }

  private watch(connection: EngineConnection, max: number, grace: number): void {
    let queued = 0; // bytes created since the engine last handed its buffer to the transport
    let behindSince = 0;
    let closed = false;
    connection.on('flush', () => (queued = 0));
    connection.on('packetCreate', (packet) => {
      if (closed) return;
      const buffered = queued + (connection.transport?.socket?.bufferedAmount ?? 0);
      queued += sizeOf(packet.data);
      if (buffered <= max) {
        behindSince = 0;
        return;
      }
      const now = Date.now();
      if (behindSince === 0) behindSince = now;
      if (now - behindSince < grace) return;
      closed = true;
      this.logger.warn(slowConsumerMessage(buffered, grace));
      const websocket = connection.transport?.socket;
      // Discard: do not wait for the queue to drain, it will not.
      connection.close(true);
      // And free what `ws` holds now, rather than after its close handshake times out.
      websocket?.terminate?.();
    });
  }
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}
