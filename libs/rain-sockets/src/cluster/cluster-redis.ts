import { Logger } from '@nestjs/common';
import { MAX_HELD_BROADCASTS, MAX_RECONNECT_DELAY } from './cluster.constants.js';
import { redisBackMessage, redisLostMessage, redisUnavailableMessage } from './cluster.messages.js';
import type { ClusterSettings } from './cluster-settings.js';
import { guardClient, type RedisClient } from './guarded-client.js';
import { RedisUnavailableError } from './redis-unavailable.error.js';
import type { RedisModule } from './redis-peers.js';
import { SESSION_SCRIPTS } from './redis-session.scripts.js';

/**
 * The node's Redis connections:
 * - `main` carries the adapter's traffic. It keeps an offline queue, so what is published
 *   while Redis is away is written, in order, once it is back;
 * - `store` serves the node records. It has no offline queue: while Redis is away its
 *   commands fail at once instead of waiting;
 * - `sessions` (only when the cluster's session store is used) serves sessions: no offline
 *   queue either (events answer `session_store_unavailable` at once), RESP3 with client-side
 *   tracking, and the store's Lua scripts.
 * Created with the module, connected at bootstrap (start-up fails if Redis does not answer),
 * reconnected forever after that, closed at shutdown.
 */
export class ClusterRedis {
  readonly main: RedisClient;
  readonly store: RedisClient;
  private readonly logger = new Logger('RainSockets cluster');
  private readonly rawMain: RedisClient;
  private readonly rawStore: RedisClient;
  private rawSessions?: RedisClient;
  private sessionsClient?: RedisClient;
  private readonly options: Record<string, unknown>;
  /** Copies the adapters made (subscriber, stream readers): ours to close. */
  private readonly copies = new Set<RedisClient>();
  private readonly copiesConnecting: Promise<unknown>[] = [];
  private readonly reportedReplies = new Set<string>();
  private readonly backListeners: (() => void)[] = [];
  private readonly lostListeners: (() => void)[] = [];
  private started = false;
  private closing = false;
  private startDeadline = 0;
  private lostAt?: number;

  /** `redis` is node-redis itself, loaded by the provider only when the cluster is on (an optional peer). */
  constructor(
    private readonly settings: ClusterSettings,
    private readonly redis: RedisModule,
  ) {
    const options = {
      url: settings.url,
      socket: {
        connectTimeout: settings.connectTimeout,
        reconnectStrategy: (retries: number, cause: Error) => this.retryDelay(retries, cause),
      },
      commandsQueueMaxLength: MAX_HELD_BROADCASTS * 2,
    };
    this.options = options;
    this.rawMain = redis.createClient(options) as RedisClient;
    this.rawStore = redis.createClient({ ...options, disableOfflineQueue: true }) as RedisClient;
    this.rawMain.on('error', (error: Error) => this.lost(error));
    this.rawMain.on('ready', () => this.back());
    // Without a listener, node-redis turns every connection error into an uncaught exception.
    this.rawStore.on('error', () => {});
    this.main = this.guard(this.rawMain);
    this.store = this.guard(this.rawStore);
  }

  /** Whether Redis answers now (on the adapter's connection). */
  get ready(): boolean {
    return this.rawMain.isReady;
  }

  /** Whether every connection is up: the adapter's, the records' and the sessions'. */
  get allReady(): boolean {
    return this.rawMain.isReady && this.rawStore.isReady && (this.rawSessions?.isReady ?? true);
  }

  /** The connections that serve data rather than the adapter, by name: the records', and the sessions' when sessions use the cluster's store. */
  dataConnections(): [name: string, client: RedisClient][] {
    const connections: [string, RedisClient][] = [['records', this.store]];
    if (this.sessionsClient) connections.push(['sessions', this.sessionsClient]);
    return connections;
  }

  /**
   * The sessions connection, made on first call (before `connect()`). `notifies` is false
   * with a node-redis too old to report invalidations (before `emitInvalidate`): sessions then
   * reload before every event.
   */
  sessions(): { client: RedisClient; notifies: boolean } {
    const notifies = reportsInvalidations(this.redis);
    if (!this.sessionsClient) {
      const scripts = Object.fromEntries(Object.entries(SESSION_SCRIPTS).map(([name, script]) => [name, this.redis.defineScript(script)]));
      this.rawSessions = this.redis.createClient({
        ...this.options,
        disableOfflineQueue: true,
        RESP: 3,
        ...(notifies ? { emitInvalidate: true } : {}),
        scripts,
      } as never) as unknown as RedisClient;
      const sessions = this.rawSessions;
      sessions.on('error', () => {});
      sessions.on('ready', () => {
        // node-redis turns tracking on at each connection; NOLOOP keeps this node's own writes
        // from coming back as invalidations (its session coordinator knows about them).
        if (notifies) void sessions.sendCommand(['CLIENT', 'TRACKING', 'ON', 'NOLOOP']).catch(() => undefined);
        // Loaded ahead (a restarted Redis has none): a session write is always one EVALSHA.
        for (const script of Object.values(SESSION_SCRIPTS)) void sessions.sendCommand(['SCRIPT', 'LOAD', script.SCRIPT]).catch(() => undefined);
      });
      this.sessionsClient = this.guard(sessions);
    }
    return { client: this.sessionsClient, notifies };
  }

  get stopping(): boolean {
    return this.closing;
  }

  /** The URL without its password, for logs. */
  get displayUrl(): string {
    const url = new URL(this.settings.url);
    if (url.password) url.password = '***';
    return url.toString();
  }

  async connect(): Promise<void> {
    this.startDeadline = Date.now() + this.settings.connectTimeout;
    try {
      await Promise.all([this.rawMain.connect(), this.rawStore.connect(), this.rawSessions?.connect()]);
    } catch (error) {
      this.destroy(this.rawMain);
      this.destroy(this.rawStore);
      if (this.rawSessions) this.destroy(this.rawSessions);
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause : error) : new Error(String(error));
      throw new RedisUnavailableError(
        this.displayUrl,
        redisUnavailableMessage(this.displayUrl, this.settings.connectTimeout, cause.message || cause.name),
        { cause },
      );
    }
    this.started = true;
  }

  /** Calls `listener` each time the connection to Redis is lost. */
  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  /** Calls `listener` each time Redis answers again after it was lost. */
  onBack(listener: () => void): void {
    this.backListeners.push(listener);
  }

  /** Resolves when every copy made so far is connected (or gave up): the stream readers are reading. */
  async copiesConnected(): Promise<void> {
    // The adapter makes its copies a tick after it is created.
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(this.copiesConnecting);
  }

  /** A guarded copy of the main connection (the PUB/SUB adapter's subscriber), connected. */
  async subscriber(): Promise<RedisClient> {
    const copy = this.main.duplicate();
    await copy.connect();
    return copy;
  }

  /**
   * Closes every connection: the main one after its pending commands (held broadcasts
   * reach Redis if it is there), waiting at most `commandTimeout`; the others at once.
   */
  async close(): Promise<void> {
    this.closing = true;
    for (const copy of this.copies) this.destroy(copy);
    await Promise.all([this.quit(this.rawMain), this.quit(this.rawStore), this.rawSessions && this.quit(this.rawSessions)]);
  }

  private async quit(client: RedisClient): Promise<void> {
    if (!client.isOpen) return;
    if (!client.isReady) return this.destroy(client);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      client.close().catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, this.settings.commandTimeout).unref())),
    ]);
    clearTimeout(timer);
  }

  private destroy(client: RedisClient): void {
    if (client.isOpen) client.destroy();
  }

  // Before start-up completes, give up at the deadline (start-up fails with a clear error);
  // after, retry forever: a node outlives Redis restarts.
  private retryDelay(retries: number, cause: Error): number | Error {
    if (this.closing) return cause;
    if (!this.started && Date.now() >= this.startDeadline) return cause;
    return Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY) + Math.floor(Math.random() * 100);
  }

  private guard(client: RedisClient): RedisClient {
    return guardClient(client, {
      failed: (error) => this.failed(error),
      duplicated: (copy) => this.adopt(copy),
    });
  }

  private adopt(copy: RedisClient): RedisClient {
    this.copies.add(copy);
    copy.on('error', () => {});
    // The stream adapter's reader loops on XREAD until its adapters close, and calls
    // disconnect() then. Once we closed its connection: disconnect() would throw inside the
    // loop, where nothing catches it, and XREAD would fail at once, forever, starving the
    // event loop. So a closed copy's XREAD waits forever instead, and disconnect() is a no-op.
    const disconnect = copy.disconnect.bind(copy);
    copy.disconnect = () => (copy.isOpen ? disconnect() : Promise.resolve());
    const xRead = copy.xRead.bind(copy);
    (copy as { xRead: typeof xRead }).xRead = ((...args: Parameters<typeof xRead>) =>
      copy.isOpen ? xRead(...args) : new Promise(() => {})) as typeof xRead;
    const connect = copy.connect.bind(copy);
    copy.connect = () => {
      const connecting = connect();
      this.copiesConnecting.push(connecting.catch(() => undefined));
      return connecting;
    };
    return this.guard(copy);
  }

  /** Whether Redis itself refused a command (as opposed to a lost connection). */
  isReply(error: unknown): boolean {
    return error instanceof this.redis.ErrorReply;
  }

  private failed(error: unknown): void {
    // Connection failures are reported once per outage (lost/back); Redis refusing a
    // command (out of memory, no permission) is news: say it, once per kind.
    if (!this.isReply(error) || this.reportedReplies.has((error as Error).message)) return;
    this.reportedReplies.add((error as Error).message);
    this.logger.error(`Redis refused a cluster command: ${(error as Error).message}`);
  }

  private lost(error: Error): void {
    if (!this.started || this.closing || this.lostAt !== undefined) return;
    this.lostAt = Date.now();
    this.logger.warn(redisLostMessage(this.displayUrl, error.message || error.name));
    for (const listener of this.lostListeners) listener();
  }

  private back(): void {
    if (this.lostAt === undefined || this.closing) return;
    this.logger.log(redisBackMessage(this.displayUrl, Date.now() - this.lostAt));
    this.lostAt = undefined;
    for (const listener of this.backListeners) listener();
  }
}

/** node-redis 5.9+ refuses `emitInvalidate` without RESP3 when it knows the option; older ones ignore it. */
function reportsInvalidations(redis: RedisModule): boolean {
  try {
    redis.createClient({ emitInvalidate: true } as never);
    return false;
  } catch {
    return true;
  }
}
