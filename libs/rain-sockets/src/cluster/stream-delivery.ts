import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MAX_HELD_BROADCASTS, REPLAY_WINDOW } from './cluster.constants.js';
import { broadcastLostMessage, heldBroadcastsDroppedMessage } from './cluster.messages.js';
import type { ClusterRedis } from './cluster-redis.js';
import { withDeadline } from './deadline.js';

/** socket.io-adapter's message types whose loss other nodes would notice (its MessageType enum). */
const BROADCAST = 3;
const SOCKETS_JOIN = 4;
const SOCKETS_LEAVE = 5;
const DISCONNECT_SOCKETS = 6;
const HELD_TYPES = new Set([BROADCAST, SOCKETS_JOIN, SOCKETS_LEAVE, DISCONNECT_SOCKETS]);

/** Tries for one message: each retry follows a dropped connection, so more means Redis flaps. */
const MAX_TRIES = 5;
/** Message ids each namespace remembers to drop a second copy. */
const SEEN_IDS = 10_000;

/** Set on a message once Redis took it (to its stream offset): every node, this one too, will read it. */
export const WRITTEN = Symbol('rain-sockets:written');

interface ClusterMessage {
  type: number;
  data?: { requestId?: string; rainId?: string };
  [WRITTEN]?: string;
}

/** The part of socket.io's ClusterAdapter (the stream adapter's base) we hook into. */
export interface StreamAdapter {
  doPublish(message: ClusterMessage): Promise<string>;
  onMessage(message: ClusterMessage, offset?: string): void;
}

interface Written {
  at: number;
  message: ClusterMessage;
  publish: (message: ClusterMessage) => Promise<string>;
}

/**
 * Stands between the stream adapter and Redis for what other nodes must not miss (room and
 * namespace emits, joins, leaves, disconnects), so that neither a Redis outage nor a Redis
 * restart without persistence loses any of it while the nodes live:
 * - this node's sockets never wait for Redis: while it is away (or slower than
 *   `commandTimeout`) the adapter gets the last known offset at once and delivers locally;
 * - the message waits in the connection's offline queue and goes into the stream when Redis
 *   is back, where every node reads it from its last offset; one whose write a dropped
 *   connection cut is written again;
 * - a restarted Redis may have lost entries it had taken but a node had not read yet: those
 *   written in the `REPLAY_WINDOW` before the loss are written again once it is back;
 * - each message carries an id, and a node drops a copy it already delivered.
 */
export class StreamDelivery {
  private readonly logger = new Logger('RainSockets cluster');
  private readonly origin = randomUUID().slice(0, 8);
  private seq = 0;
  private held = 0;
  private warnedFull = false;
  private lastOffset = '';
  /** The offset of the last entry this node read from the stream (its own included): how far its reading got. */
  lastRead = '';
  private recent: Written[] = [];
  private lostAt?: number;

  constructor(
    private readonly redis: ClusterRedis,
    private readonly timeoutMs: number,
  ) {
    redis.onLost(() => (this.lostAt = Date.now()));
    redis.onBack(() => this.replay());
  }

  hook(adapter: StreamAdapter): void {
    const publish = adapter.doPublish.bind(adapter);
    adapter.doPublish = (message) => {
      // Broadcasts with an ack are answered by clients now or never: not held.
      if (!HELD_TYPES.has(message.type) || !message.data || message.data.requestId !== undefined) return publish(message);
      message.data.rainId = `${this.origin}:${++this.seq}`;
      return this.publish(message, publish);
    };
    const onMessage = adapter.onMessage.bind(adapter);
    const seen = new Set<string>();
    adapter.onMessage = (message, offset) => {
      if (offset) this.lastRead = offset;
      const id = message.data?.rainId;
      if (id !== undefined) {
        if (seen.has(id)) return;
        seen.add(id);
        // Sets iterate in insertion order: the first is the oldest.
        if (seen.size > SEEN_IDS) seen.delete(seen.values().next().value!);
      }
      onMessage(message, offset);
    };
  }

  private publish(message: ClusterMessage, publish: Written['publish']): Promise<string> {
    if (this.held >= MAX_HELD_BROADCASTS) {
      if (!this.warnedFull) this.logger.error(heldBroadcastsDroppedMessage(MAX_HELD_BROADCASTS));
      this.warnedFull = true;
      return Promise.reject(new Error(heldBroadcastsDroppedMessage(MAX_HELD_BROADCASTS)));
    }
    const written = this.untilWritten(message, publish);
    if (!this.redis.ready) return Promise.resolve(this.lastOffset);
    // A Redis that takes the write but does not answer must not hold local delivery either.
    return withDeadline(written, this.timeoutMs, () => new Error('late')).catch(() => this.lastOffset);
  }

  /** Resolves with the stream offset once written, or the last known one if it never could be. */
  private async untilWritten(message: ClusterMessage, publish: Written['publish']): Promise<string> {
    this.held++;
    try {
      for (let tries = 1; ; tries++) {
        try {
          const offset = await publish(message);
          if (offset) this.lastOffset = offset;
          message[WRITTEN] = offset;
          this.remember({ at: Date.now(), message, publish });
          if (this.held <= MAX_HELD_BROADCASTS / 2) this.warnedFull = false;
          return offset;
        } catch (error) {
          // A refusal by Redis would be refused again; a closing node or a flapping Redis ends it too.
          if (this.redis.isReply(error) || this.redis.stopping || tries >= MAX_TRIES) {
            this.logger.warn(broadcastLostMessage(error instanceof Error ? error.message : String(error)));
            return this.lastOffset;
          }
        }
      }
    } finally {
      this.held--;
    }
  }

  private remember(written: Written): void {
    const recent = this.recent;
    recent.push(written);
    if (recent.length > 1_024 && recent[0]!.at < written.at - REPLAY_WINDOW) {
      const keep = recent.findIndex((entry) => entry.at >= written.at - REPLAY_WINDOW);
      this.recent = recent.slice(keep);
    }
  }

  private replay(): void {
    const lostAt = this.lostAt ?? Date.now();
    const again = this.recent.filter((entry) => entry.at >= lostAt - REPLAY_WINDOW);
    this.recent = [];
    this.lostAt = undefined;
    for (const { message, publish } of again) void this.untilWritten(message, publish);
  }
}
