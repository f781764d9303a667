import type { Provider } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { RAIN_CONNECTION_COUNTER } from '../idle/connection-counter.interface.js';
import { LocalConnectionCounter } from '../idle/local-connection-counter.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import { validateOptions } from '../core/rain-sockets-options.validator.js';
import { RAIN_DEFAULT_SESSION_STORE } from '../session/session-store.token.js';
import { CLUSTER_OPTION_CHECKS, checkClusterCombinations } from './cluster-options.checks.js';
import { ClusterConnectionCounter } from './cluster-connection-counter.js';
import { ClusterRedis } from './cluster-redis.js';
import { type ClusterSettings, resolveClusterSettings } from './cluster-settings.js';
import { RainClusterService } from './rain-cluster.service.js';
import { CLUSTER_NODE_ID, CLUSTER_SETTINGS } from './cluster.tokens.js';
import { RedisSessionStore } from './redis-session-store.js';
import type { SessionScriptsClient } from './redis-session.scripts.js';
import { loadRedis } from './redis-peers.js';
import { RAIN_CONNECTION_TALLY } from '../security/connection-tally.interface.js';
import { LocalConnectionTally } from '../security/local-connection-tally.js';
import { RAIN_SHARED_USER_LIMIT } from '../security/shared-user-limit.interface.js';
import { resolveRateLimitSettings } from '../security/rate-limit-settings.js';
import { ClusterConnectionTally } from './cluster-connection-tally.js';
import { ClusterUserRateLimit } from './cluster-user-rate-limit.js';

/**
 * RainSocketsModule's providers for the cluster besides the extension (in EXTENSION_CLASSES).
 * Put after IDLE_PROVIDERS and SECURITY_PROVIDERS: the connection counter here replaces idle's
 * default with the cluster-wide one when `cluster.idleLimit` is `cluster`, and the connection
 * tally replaces security's with the cluster-wide one (unless the app gives its own).
 */
export const CLUSTER_PROVIDERS: Provider[] = [
  {
    provide: CLUSTER_SETTINGS,
    // Checked here, not only with the other options in onModuleInit: the session store and
    // the Redis clients are built from it before that.
    useFactory: (options: RainSocketsOptions | undefined) => {
      if (!options?.cluster) return undefined;
      validateOptions(options, CLUSTER_OPTION_CHECKS);
      checkClusterCombinations(options);
      return resolveClusterSettings(options);
    },
    inject: [RAIN_SOCKETS_OPTIONS],
  },
  { provide: CLUSTER_NODE_ID, useFactory: () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}` },
  {
    provide: ClusterRedis,
    useFactory: async (settings?: ClusterSettings) => settings && new ClusterRedis(settings, await loadRedis()),
    inject: [CLUSTER_SETTINGS],
  },
  {
    provide: ClusterConnectionCounter,
    useFactory: (settings: ClusterSettings | undefined, redis: ClusterRedis | undefined, nodeId: string) =>
      settings && redis && new ClusterConnectionCounter(settings, redis, nodeId),
    inject: [CLUSTER_SETTINGS, ClusterRedis, CLUSTER_NODE_ID],
  },
  {
    provide: RAIN_DEFAULT_SESSION_STORE,
    useFactory: (options: RainSocketsOptions | undefined, settings?: ClusterSettings, redis?: ClusterRedis) => {
      if (!settings || !redis || !usesDefaultStore(options)) return undefined;
      // Made now, so that the cluster connects it with the others at bootstrap.
      const { client, notifies } = redis.sessions();
      const prefix = settings.keyPrefix;
      return () =>
        new RedisSessionStore(client as unknown as SessionScriptsClient, `${prefix}sess:`, `${prefix}sess-destroyed:`, settings.commandTimeout, notifies);
    },
    inject: [RAIN_SOCKETS_OPTIONS, CLUSTER_SETTINGS, ClusterRedis],
  },
  {
    provide: RAIN_CONNECTION_COUNTER,
    useFactory: (options: RainSocketsOptions | undefined, settings?: ClusterSettings, counter?: ClusterConnectionCounter) =>
      options?.idle?.counter ?? (settings?.idleLimit === 'cluster' && counter ? counter : new LocalConnectionCounter()),
    inject: [RAIN_SOCKETS_OPTIONS, CLUSTER_SETTINGS, ClusterConnectionCounter],
  },
  {
    provide: RAIN_CONNECTION_TALLY,
    // Options are not validated yet here; a bad `tally` stops the start-up in onModuleInit.
    useFactory: (options: RainSocketsOptions | undefined, settings?: ClusterSettings, redis?: ClusterRedis, nodeId?: string) =>
      (options?.connectionLimit || undefined)?.tally ??
      (settings && redis && nodeId ? new ClusterConnectionTally(settings, redis, nodeId) : new LocalConnectionTally()),
    inject: [RAIN_SOCKETS_OPTIONS, CLUSTER_SETTINGS, ClusterRedis, CLUSTER_NODE_ID],
  },
  {
    provide: RAIN_SHARED_USER_LIMIT,
    useFactory: (options: RainSocketsOptions | undefined, settings?: ClusterSettings, redis?: ClusterRedis) => {
      if (!settings || !redis) return undefined;
      const perUser = resolveRateLimitSettings(options?.rateLimit)?.perUser;
      return perUser && new ClusterUserRateLimit(perUser, settings, redis);
    },
    inject: [RAIN_SOCKETS_OPTIONS, CLUSTER_SETTINGS, ClusterRedis],
  },
  RainClusterService,
];

/** Sessions are on and name no store of their own (nor a middleware that has one). */
function usesDefaultStore(options: RainSocketsOptions | undefined): boolean {
  const session = options?.session;
  return typeof session === 'object' && session !== null && !('middleware' in session && session.middleware) && !('store' in session && session.store);
}
