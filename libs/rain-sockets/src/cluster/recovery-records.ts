import type { Namespace, Socket } from 'socket.io';
import type { ClusterRedis } from './cluster-redis.js';
import { withDeadline } from './deadline.js';
import { privateIdOf } from './socket-recovery-internals.js';

/** What socket.io saves of a socket for connection state recovery (its adapters' SessionToPersist). */
export interface RecoveryRecord {
  sid: string;
  pid: string;
  rooms: string[];
  data: unknown;
}

/** The parts of the stream adapter the records use. */
export interface RecordingAdapter {
  readonly nsp: Namespace;
  addAll(id: string, rooms: Set<string>): unknown;
  del(id: string, room: string): unknown;
  persistSession(record: RecoveryRecord): void;
}

/** socket.io saves a session only when a socket goes for one of these reasons (its RECOVERABLE_DISCONNECT_REASONS). */
const RECOVERABLE = new Set(['transport error', 'transport close', 'forced close', 'ping timeout', 'server shutting down', 'forced server close']);

/**
 * Keeps the recovery record of every socket of this node in Redis while it lives, not only
 * once it is gone: socket.io's adapters save it when they see the connection drop, which a
 * killed node never does. Written (in the adapter's own format and key, so its
 * restoreSession finds it) when the socket connects and whenever its rooms change (a
 * `socket.join()` resolves once its record holds the room), and again every `renewEvery`
 * ms (with `socket.data` as it is then), with a TTL of the recovery window plus that
 * period: a node that dies leaves its sockets recoverable for at least the window.
 * A socket that leaves for good (it disconnected itself, or the server let it go) loses its record.
 */
export class RecoveryRecords {
  private readonly adapters = new Set<RecordingAdapter>();
  private batch = new Map<Socket, RecordingAdapter>();
  private written?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private closing = false;

  constructor(
    private readonly redis: ClusterRedis,
    private readonly keyPrefix: string,
    private readonly renewEvery: number,
    private readonly timeoutMs: number,
  ) {}

  hook(adapter: RecordingAdapter): void {
    this.adapters.add(adapter);
    const addAll = adapter.addAll.bind(adapter);
    adapter.addAll = (id, rooms) => {
      addAll(id, rooms);
      return this.changed(adapter, id);
    };
    const del = adapter.del.bind(adapter);
    adapter.del = (id, room) => {
      del(id, room);
      return this.changed(adapter, id);
    };
  }

  start(): void {
    this.timer = setInterval(() => void this.writeAll(), this.renewEvery);
    this.timer.unref();
  }

  /** A socket just recovered here: its record was taken by the restore; it is this node's now. */
  restored(adapter: RecordingAdapter, record: RecoveryRecord): void {
    adapter.persistSession({ sid: record.sid, pid: record.pid, rooms: record.rooms, data: record.data });
  }

  /** A socket went: for good, unless the connection merely dropped (then socket.io saved its record itself). */
  gone(socket: Socket, reason: string): void {
    const pid = privateIdOf(socket);
    if (pid === undefined || this.closing || RECOVERABLE.has(reason)) return;
    void this.redis.main.del(`${this.keyPrefix}${pid}`).catch(() => undefined);
  }

  /**
   * The node is shutting down: every record written now (with `socket.data` as it is), and
   * kept whatever the sockets' disconnect reasons, so that they recover on another node.
   */
  async closingDown(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.writeAll();
  }

  private changed(adapter: RecordingAdapter, id: string): Promise<void> | undefined {
    const socket = adapter.nsp.sockets.get(id);
    // Not connected yet (a recovering socket joins its rooms in its constructor): restored() records it.
    if (!socket) return undefined;
    this.batch.set(socket, adapter);
    // Joins come in bursts (a handler joining several rooms): one write per socket per tick.
    this.written ??= Promise.resolve().then(() => this.flush());
    return this.written;
  }

  private flush(): Promise<void> {
    const batch = this.batch;
    this.batch = new Map();
    this.written = undefined;
    for (const [socket, adapter] of batch) if (socket.connected) this.write(socket, adapter);
    return this.confirmed();
  }

  private writeAll(): Promise<void> {
    for (const adapter of this.adapters) for (const socket of adapter.nsp.sockets.values()) this.write(socket, adapter);
    return this.confirmed();
  }

  private write(socket: Socket, adapter: RecordingAdapter): void {
    const pid = privateIdOf(socket);
    if (pid === undefined) return;
    adapter.persistSession({ sid: socket.id, pid, rooms: [...socket.rooms], data: socket.data });
  }

  /**
   * Resolves once Redis has answered every command sent before (the adapter does not tell
   * when its SET is done; a PING after it on the same connection does), at most after
   * `timeoutMs`, and at once while Redis is away: a join never waits for Redis.
   */
  private confirmed(): Promise<void> {
    if (!this.redis.ready) return Promise.resolve();
    return withDeadline(this.redis.main.ping(), this.timeoutMs, () => new Error('late')).then(
      () => undefined,
      () => undefined,
    );
  }
}
