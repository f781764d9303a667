import { Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { Adapter as InMemoryAdapter, type BroadcastOptions, type Session } from 'socket.io-adapter';
import { describeError } from '../core/describe-error.js';
import { broadcastFailedMessage, recoveryGapMessage } from './cluster.messages.js';
import type { ClusterRedis } from './cluster-redis.js';
import { RecentBroadcasts } from './recent-broadcasts.js';
import { RECOVERY_OFFSET_EVENT } from './cluster.constants.js';
import type { RecordingAdapter, RecoveryRecords } from './recovery-records.js';
import { isStreamId, latestStreamId, compareStreamIds } from './stream-ids.js';
import { WRITTEN } from './stream-delivery.js';
import { privateIdOf, sendEventPacket } from './socket-recovery-internals.js';

/** socket.io-adapter's BROADCAST message type, and socket.io-parser's EVENT packet type. */
const BROADCAST = 3;
const EVENT = 2;
/** Broadcasts each namespace keeps for sockets that recover here (by count and by age, ms). */
const RECENT_MAX = 10_000;
const RECENT_MS = 30_000;
/** Own broadcasts delivered before Redis took them, remembered so that reading them back does not deliver them twice. */
const EARLY_MAX = 10_000;

interface Packet {
  type: number;
  data: unknown[];
  id?: number;
}

interface EncodedOptions {
  rooms: string[];
  except: string[];
  flags?: BroadcastOptions['flags'];
}

interface StreamMessage {
  type: number;
  uid?: string;
  data?: { packet?: Packet; opts?: EncodedOptions; requestId?: string; rainId?: string };
  [WRITTEN]?: string;
}

/** The parts of socket.io's stream adapter (a ClusterAdapter) this uses. */
export interface RecoverableAdapter extends RecordingAdapter {
  readonly uid: string;
  readonly nsp: Namespace;
  broadcast(packet: Packet, opts: BroadcastOptions): unknown;
  onMessage(message: StreamMessage, offset?: string): void;
  publishAndReturnOffset(message: StreamMessage): Promise<string>;
  addOffsetIfNecessary(packet: Packet, opts: BroadcastOptions, offset: string): void;
  restoreSession(pid: string, offset: string): Promise<Session>;
}

/**
 * What connection state recovery needs to lose nothing and repeat nothing, on top of
 * socket.io's own (which gets the missed broadcasts from the stream, from the client's last
 * offset on):
 * - every node delivers the stream in stream order, its own broadcasts included (socket.io
 *   delivers those at once, ahead of others read meanwhile, so that the last offset a client
 *   holds would not mean "everything before it arrived"): they go to this node's sockets when
 *   read back, a Redis round trip later, or at once while Redis is away;
 * - a socket that recovers here gets, once connected, what this node delivered while it was
 *   being admitted (socket.io delivers nothing to a socket in its middlewares), from the
 *   namespace's recent broadcasts; and the restore waits until this node's reader has passed
 *   the last broadcast the socket got, so that the reader does not deliver it again;
 * - the records that a restore reads are kept by RecoveryRecords.
 */
export class StreamRecovery {
  private readonly logger = new Logger('RainSockets cluster');
  private readonly recent = new Map<string, RecentBroadcasts>();
  /** Sockets restored here, by private id: their recent broadcasts come after this stream id. */
  private readonly pending = new Map<string, { after: string; at: number }>();
  /** The reader's position: every stream entry up to it has been handed to this node's adapters. */
  private position?: string;
  private timer?: NodeJS.Timeout;
  private readonly namespaces = new Set<Namespace>();
  private waiters: { id: string; resolve: () => void }[] = [];

  constructor(
    private readonly redis: ClusterRedis,
    private readonly records: RecoveryRecords,
    private readonly streamName: string,
    private readonly timeoutMs: number,
    private readonly offsetEvery: number,
  ) {}

  /**
   * Before the first adapter reads: the stream's end, where this node's reader starts. An
   * empty stream gets a first entry (without namespace, so adapters skip it): every socket
   * needs a stream offset to recover from.
   */
  async start(): Promise<void> {
    const last = (await this.redis.main.xRevRange(this.streamName, '+', '-', { COUNT: 1 }))[0];
    this.position = last?.id ?? (await this.redis.main.xAdd(this.streamName, '*', { rain: 'start' }));
    this.timer = setInterval(() => this.sendOffsets(), this.offsetEvery);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  hook(adapter: RecoverableAdapter): void {
    const recent = new RecentBroadcasts(RECENT_MAX, RECENT_MS);
    this.recent.set(adapter.nsp.name, recent);
    this.namespaces.add(adapter.nsp);
    this.records.hook(adapter);
    const publishing = new Set<string>();
    const readBack = new Set<string>();
    const early = new Set<string>();

    const broadcast = async (packet: Packet, opts: BroadcastOptions) => {
      const message: StreamMessage = { type: BROADCAST, data: { packet, opts: encodeOptions(opts) } };
      let offset: string | undefined;
      const written = adapter.publishAndReturnOffset(message);
      const id = message.data!.rainId;
      if (id !== undefined) publishing.add(id);
      try {
        offset = await written;
      } catch {
        // Not handed to Redis (too many held): this node's sockets still get it.
      }
      if (id !== undefined) publishing.delete(id);
      if (message[WRITTEN] !== undefined || (id !== undefined && readBack.delete(id))) return;
      // Redis is away or slow: this node's sockets get it now, and the reader skips it when it comes.
      if (id !== undefined) remember(early, id, EARLY_MAX);
      const at = this.position ?? offset;
      if (at !== undefined) adapter.addOffsetIfNecessary(packet, opts, at);
      localBroadcast(adapter, packet, opts);
    };
    adapter.broadcast = (packet: Packet, opts: BroadcastOptions) => {
      if (opts.flags?.local) return localBroadcast(adapter, packet, opts);
      // socket.io does not wait for a broadcast: a failure here must not become an unhandled rejection.
      broadcast(packet, opts).catch((error: unknown) => this.logger.error(broadcastFailedMessage(describeError(error))));
    };

    const onMessage = adapter.onMessage.bind(adapter);
    adapter.onMessage = (message, offset) => {
      if (offset === undefined) return onMessage(message, offset);
      this.advance(offset);
      const data = message.data;
      if (message.type !== BROADCAST || !data?.packet || !data.opts || data.requestId !== undefined) return onMessage(message, offset);
      if (message.uid !== adapter.uid) {
        // socket.io delivers it (and adds the offset for the client).
        onMessage(message, offset);
      } else {
        const id = data.rainId;
        if (id !== undefined && early.delete(id)) return;
        if (id !== undefined && publishing.has(id)) readBack.add(id);
        const opts = decodeOptions(data.opts);
        adapter.addOffsetIfNecessary(data.packet, opts, offset);
        localBroadcast(adapter, data.packet, opts);
      }
      const packet = data.packet;
      if (packet.type === EVENT && packet.id === undefined && !data.opts.flags?.volatile) {
        recent.add({ id: offset, data: packet.data, rooms: new Set(data.opts.rooms), except: new Set(data.opts.except), at: Date.now() });
      }
    };

    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = async (pid, offset) => {
      const before = this.position;
      const session = await restore(pid, offset);
      const lastMissed = session.missedPackets.at(-1)?.at(-1);
      const after = latestStreamId(offset, isStreamId(lastMissed) ? lastMissed : undefined, before)!;
      await this.reached(after);
      this.prune();
      this.pending.set(session.pid, { after, at: Date.now() });
      this.records.restored(adapter, { sid: session.sid, pid: session.pid, rooms: session.rooms, data: session.data });
      return session;
    };
  }

  /**
   * A socket is connected: if it recovered here, it gets what this node delivered while it was
   * admitted (synchronously: nothing else reaches it in between). If some of that was dropped
   * already (an admission slower than RECENT_MS), its connection is closed: it recovers again,
   * from the last broadcast it got.
   */
  connected(socket: Socket): void {
    const pid = privateIdOf(socket);
    const pending = pid === undefined ? undefined : this.pending.get(pid);
    if (pending) {
      this.pending.delete(pid!);
      const missed = this.recent.get(socket.nsp.name)?.after(pending.after, socket.rooms);
      if (!missed) {
        this.logger.warn(recoveryGapMessage(socket.nsp.name));
        socket.conn.close();
        return;
      }
      for (const data of missed) sendEventPacket(socket, data);
    }
    if (this.position !== undefined) sendEventPacket(socket, [RECOVERY_OFFSET_EVENT, this.position]);
  }

  /**
   * Every socket's recovery point moved up to the reader's position: a socket in a quiet room
   * gets no broadcast for long, and its last offset may be trimmed off the stream meanwhile.
   */
  private sendOffsets(): void {
    const position = this.position;
    if (position === undefined) return;
    for (const namespace of this.namespaces) {
      for (const socket of namespace.sockets.values()) sendEventPacket(socket, [RECOVERY_OFFSET_EVENT, position]);
    }
  }

  private advance(offset: string): void {
    if (this.position !== undefined && compareStreamIds(offset, this.position) <= 0) return;
    this.position = offset;
    if (this.waiters.length === 0) return;
    const still: typeof this.waiters = [];
    for (const waiter of this.waiters) {
      if (compareStreamIds(waiter.id, offset) <= 0) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }

  /** Resolves once the reader has passed `id` (at most after `timeoutMs`: a reader stuck on Redis does not hold a reconnection). */
  private reached(id: string): Promise<void> {
    if (this.position !== undefined && compareStreamIds(id, this.position) <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, this.timeoutMs);
      this.waiters.push({
        id,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Restores whose socket never connected (refused by a guard, gone): forgotten after RECENT_MS. */
  private prune(): void {
    const old = Date.now() - RECENT_MS;
    for (const [pid, entry] of this.pending) if (entry.at < old) this.pending.delete(pid);
  }
}

function localBroadcast(adapter: RecoverableAdapter, packet: Packet, opts: BroadcastOptions): void {
  InMemoryAdapter.prototype.broadcast.call(adapter as unknown as InMemoryAdapter, packet as never, opts);
}

function remember(ids: Set<string>, id: string, max: number): void {
  ids.add(id);
  // Sets iterate in insertion order: the first is the oldest.
  if (ids.size > max) ids.delete(ids.values().next().value!);
}

function encodeOptions(opts: BroadcastOptions): EncodedOptions {
  return { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags };
}

function decodeOptions(opts: EncodedOptions): BroadcastOptions {
  return { rooms: new Set(opts.rooms), except: new Set(opts.except), flags: opts.flags };
}
