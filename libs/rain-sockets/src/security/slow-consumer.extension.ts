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

/** What the check keeps per connection: one small object, no closure. */
interface Backlog {
  /** Bytes created since the engine last handed its buffer to the transport. */
  queued: number;
  behindSince: number;
  closed: boolean;
}

const BACKLOG = Symbol('rain-sockets:backlog');

type WatchedConnection = EngineConnection & { [BACKLOG]: Backlog };

/**
 * socket.io queues without bound for a client that does not read: what the engine holds
 * for the next write plus what `ws` holds for the kernel. Before each new packet for a
 * connection this looks at that queue; a connection that stays over `maxBufferedBytes` for
 * longer than `grace` is closed and its queue dropped. The grace lets a burst sent in one go
 * to a healthy client drain. Checking per packet needs no timer: the queue grows only by packets.
 * The two listeners are shared by every connection (the emitter is `this`), so an idle
 * connection costs one small object here.
 */
@Injectable()
export class SlowConsumerExtension implements RainSocketExtension {
  private readonly logger = new Logger('RainSockets slow consumer');
  private max = DEFAULT_MAX_BUFFERED_BYTES;
  private grace = DEFAULT_SLOW_CONSUMER_GRACE;

  constructor(@Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions) {}

  serverCreated(io: Server): void {
    const option = this.options.slowConsumer;
    if (option === false) return;
    this.max = option?.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    this.grace = option?.grace ?? DEFAULT_SLOW_CONSUMER_GRACE;
    io.engine.on('connection', (connection: EngineConnection) => {
      (connection as WatchedConnection)[BACKLOG] = { queued: 0, behindSince: 0, closed: false };
      connection.on('flush', onFlush);
      connection.on('packetCreate', this.onPacketCreate);
    });
  }

  private readonly onPacketCreate = (() => {
    const extension = this;
    return function (this: WatchedConnection, packet: { data?: unknown }) {
      extension.packetCreated(this, packet);
    };
  })();

  private packetCreated(connection: WatchedConnection, packet: { data?: unknown }): void {
    const backlog = connection[BACKLOG];
    if (backlog.closed) return;
    const buffered = backlog.queued + (connection.transport?.socket?.bufferedAmount ?? 0);
    backlog.queued += sizeOf(packet.data);
    if (buffered <= this.max) {
      backlog.behindSince = 0;
      return;
    }
    const now = Date.now();
    if (backlog.behindSince === 0) backlog.behindSince = now;
    if (now - backlog.behindSince < this.grace) return;
    backlog.closed = true;
    this.logger.warn(slowConsumerMessage(buffered, this.grace));
    const websocket = connection.transport?.socket;
    // Discard: do not wait for the queue to drain, it will not.
    connection.close(true);
    // And free what `ws` holds now, rather than after its close handshake times out.
    websocket?.terminate?.();
  }
}

function onFlush(this: WatchedConnection): void {
  this[BACKLOG].queued = 0;
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}
