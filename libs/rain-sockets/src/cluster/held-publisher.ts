import { Logger } from '@nestjs/common';
import { ErrorReply } from 'redis';
import { MAX_HELD_BROADCASTS } from './cluster.constants.js';
import { broadcastLostMessage, heldBroadcastsDroppedMessage } from './cluster.messages.js';
import type { ClusterRedis } from './cluster-redis.js';
import { withDeadline } from './deadline.js';

/** socket.io-adapter's message types whose loss other nodes would notice (socket.io-adapter's MessageType). */
const BROADCAST = 3;
const SOCKETS_JOIN = 4;
const SOCKETS_LEAVE = 5;
const DISCONNECT_SOCKETS = 6;
const HELD_TYPES = new Set([BROADCAST, SOCKETS_JOIN, SOCKETS_LEAVE, DISCONNECT_SOCKETS]);

/** Tries for one message: each retry follows a dropped connection, so more means Redis flaps. */
const MAX_TRIES = 5;

interface ClusterMessage {
  type: number;
  data?: { requestId?: string };
}

/** The part of socket.io's ClusterAdapter (the stream adapter's base) we hook into. */
export interface PublishingAdapter {
  doPublish(message: ClusterMessage): Promise<string>;
}

/**
 * Stands between a stream adapter and Redis for what other nodes must not miss (room and
 * namespace emits, joins, leaves, disconnects):
 * - this node's sockets never wait for Redis: while it is away (or slower than
 *   `commandTimeout`) the adapter gets the last known stream offset at once and delivers locally;
 * - the message itself waits in the connection's offline queue and goes into the stream
 *   when Redis is back, where every node reads it from its last offset;
 * - a message whose write was cut by a dropped connection is written again (at least once:
 *   one Redis had already stored is then delivered twice).
 */
export class HeldPublisher {
  private readonly logger = new Logger('RainSockets cluster');
  private held = 0;
  private warnedFull = false;
  private lastOffset = '';

  constructor(
    private readonly redis: ClusterRedis,
    private readonly timeoutMs: number,
  ) {}

  hook(adapter: PublishingAdapter): void {
    const publish = adapter.doPublish.bind(adapter);
    adapter.doPublish = (message) => {
      // Broadcasts with an ack are answered by clients now or never: not held.
      if (!HELD_TYPES.has(message.type) || message.data?.requestId !== undefined) return publish(message);
      return this.publish(() => publish(message));
    };
  }

  private publish(attempt: () => Promise<string>): Promise<string> {
    if (this.held >= MAX_HELD_BROADCASTS) {
      if (!this.warnedFull) this.logger.error(heldBroadcastsDroppedMessage(MAX_HELD_BROADCASTS));
      this.warnedFull = true;
      return Promise.reject(new Error(heldBroadcastsDroppedMessage(MAX_HELD_BROADCASTS)));
    }
    const written = this.untilWritten(attempt);
    if (!this.redis.ready) return Promise.resolve(this.lastOffset);
    // A Redis that takes the write but does not answer must not hold local delivery either.
    return withDeadline(written, this.timeoutMs, () => new Error('late')).catch(() => this.lastOffset);
  }

  /** Resolves with the stream offset once written, or the last known one if it never could be. */
  private async untilWritten(attempt: () => Promise<string>): Promise<string> {
    this.held++;
    try {
      for (let tries = 1; ; tries++) {
        try {
          const offset = await attempt();
          if (offset) this.lastOffset = offset;
          if (this.held <= MAX_HELD_BROADCASTS / 2) this.warnedFull = false;
          return offset;
        } catch (error) {
          // A refusal by Redis would be refused again; a closing node or a flapping Redis ends it too.
          if (error instanceof ErrorReply || this.redis.stopping || tries >= MAX_TRIES) {
            this.logger.warn(broadcastLostMessage(error instanceof Error ? error.message : String(error)));
            return this.lastOffset;
          }
        }
      }
    } finally {
      this.held--;
    }
  }
}
