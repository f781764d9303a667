import type { RainRateLimitOptions, RainTokenBucket, RainUserKey } from './security-options.interface.js';
import { DEFAULT_DISCONNECT_AFTER, DEFAULT_PER_CONNECTION_RATE, DEFAULT_PER_USER_RATE } from './security.constants.js';
import { sessionUserKey } from './client-identity.js';

/** The `rateLimit` option with every default applied. */
export interface RateLimitSettings {
  perConnection?: RainTokenBucket;
  perUser?: RainTokenBucket;
  /** A Map, not the option's object: an event named `constructor` must not find Object's. */
  events: Map<string, RainTokenBucket>;
  userKey: RainUserKey;
  disconnectAfter: number;
}

/** Undefined when rate limits are off (`rateLimit: false`). Expects validated options. */
export function resolveRateLimitSettings(option: RainRateLimitOptions | false | undefined): RateLimitSettings | undefined {
  if (option === false) return undefined;
  const perConnection = option?.perConnection === false ? undefined : (option?.perConnection ?? DEFAULT_PER_CONNECTION_RATE);
  const perUser = option?.perUser === false ? undefined : (option?.perUser ?? DEFAULT_PER_USER_RATE);
  const events = new Map(Object.entries(option?.events ?? {}));
  if (!perConnection && !perUser && events.size === 0) return undefined;
  return {
    perConnection,
    perUser,
    events,
    userKey: option?.userKey ?? sessionUserKey,
    disconnectAfter: option?.disconnectAfter ?? DEFAULT_DISCONNECT_AFTER,
  };
}
