import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { RainClientError } from '../handlers/ws-error.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { type RateLimitSettings, resolveRateLimitSettings } from './rate-limit-settings.js';
import { USER_BUCKET_SWEEP_INTERVAL } from './security.constants.js';
import { floodDisconnectMessage, identityFailedMessage, rateLimitedMessage } from './security.messages.js';
import { TokenBucket } from './token-bucket.js';
import { RAIN_SHARED_USER_LIMIT, type SharedUserLimit } from './shared-user-limit.interface.js';
import { type UserBucket, UserBuckets } from './user-buckets.js';

const RATE = Symbol('rain-sockets:rate');

interface RateState {
  connection?: TokenBucket;
  user?: UserBucket;
  events?: Map<string, TokenBucket>;
  /** Refused events in a row. */
  refusals: number;
  cut: boolean;
}

type Limited = Socket & { [RATE]?: RateState };

/**
 * Token buckets per connection, per user and per event name. `incoming` refuses an event
 * over a limit with `rate_limited`; the core asks it for events without a handler too, so
 * flooding with unknown events does not escape. A socket refused `disconnectAfter` times in
 * a row is disconnected. With `cluster`, the per-user budget is also counted across the nodes
 * (a SharedUserLimit): a user's sockets on N nodes do not get N budgets.
 */
@Injectable()
export class RateLimitExtension implements RainSocketExtension {
  private readonly logger = new Logger('RainSockets rate limit');
  private settings?: RateLimitSettings;
  private users?: UserBuckets;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions,
    @Optional() @Inject(RAIN_SHARED_USER_LIMIT) private readonly shared?: SharedUserLimit,
  ) {}

  // Options are read here: RainSocketsServer has validated them by now.
  serverCreated(): void {
    this.settings = resolveRateLimitSettings(this.options.rateLimit);
    if (!this.settings?.perUser) return;
    const users = new UserBuckets(this.settings.perUser);
    this.users = users;
    this.timer = setInterval(() => users.sweep(Date.now()), USER_BUCKET_SWEEP_INTERVAL);
    this.timer.unref();
  }

  serverClosing(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** With a cluster-wide budget: where the user stands is known before its first event here. */
  async admit(socket: Socket): Promise<void> {
    if (!this.shared || !this.settings?.perUser) return;
    const key = this.userOf(socket);
    if (key !== undefined) await this.shared.prime(key);
  }

  connected(socket: Socket): void {
    const settings = this.settings;
    if (!settings) return;
    const now = Date.now();
    const state: RateState = { refusals: 0, cut: false };
    if (settings.perConnection) state.connection = new TokenBucket(settings.perConnection, now);
    if (this.users) {
      const key = this.userOf(socket);
      if (key !== undefined) state.user = this.users.acquire(key, now);
    }
    (socket as Limited)[RATE] = state;
  }

  incoming(socket: Socket, event: string): void {
    const refusal = this.charge(socket as Limited, event);
    if (refusal) throw refusal;
  }

  disconnected(socket: Socket): void {
    const state = (socket as Limited)[RATE];
    if (state?.user) this.users?.release(state.user, Date.now());
  }

  /** Spends one event from every bucket that applies, or returns the refusal (allocates only then). */
  private charge(socket: Limited, event: string): RainClientError | undefined {
    const state = socket[RATE];
    const settings = this.settings;
    if (!state || !settings) return undefined;
    const now = Date.now();
    const eventLimit = settings.events.size > 0 ? settings.events.get(event) : undefined;
    let eventBucket: TokenBucket | undefined;
    if (eventLimit) {
      state.events ??= new Map();
      eventBucket = state.events.get(event);
      if (!eventBucket) state.events.set(event, (eventBucket = new TokenBucket(eventLimit, now)));
    }
    const blocked =
      eventBucket && !eventBucket.has(now) ? ('event' as const)
      : state.connection && !state.connection.has(now) ? ('connection' as const)
      : state.user && !state.user.bucket.has(now) ? ('user' as const)
      : undefined;
    // The cluster's word on the user, asked only when this node would let the event through.
    const clusterWait = !blocked && state.user && this.shared ? this.shared.charge(state.user.key, now) : 0;
    if (!blocked && clusterWait === 0) {
      eventBucket?.take();
      state.connection?.take();
      state.user?.bucket.take();
      state.refusals = 0;
      return undefined;
    }
    state.refusals++;
    if (settings.disconnectAfter > 0 && state.refusals >= settings.disconnectAfter && !state.cut) {
      state.cut = true;
      this.logger.warn(floodDisconnectMessage(state.refusals));
      // After the answer to this event has been queued: the client learns why.
      setImmediate(() => socket.disconnect(true));
    }
    const scope = blocked ?? 'user';
    const retryAfter = blocked
      ? (blocked === 'event' ? eventBucket! : blocked === 'connection' ? state.connection! : state.user!.bucket).retryAfter()
      : Math.max(1, Math.ceil(clusterWait));
    return new RainClientError('rate_limited', rateLimitedMessage(scope, retryAfter), { scope, retryAfter });
  }

  private userOf(socket: Socket): string | undefined {
    try {
      return this.settings!.userKey(socket);
    } catch (error) {
      this.logger.error(identityFailedMessage('rateLimit.userKey', String(error)));
      return undefined;
    }
  }
}
