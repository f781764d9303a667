import { InvalidRainSocketsOptionError } from '../errors/invalid-rain-sockets-option.error.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { OptionCheck } from '../core/option-check.js';
import {
  adapterConflictMessage,
  freshnessLocalMessage,
  recoveryConflictMessage,
  recoveryNeedsStreamsMessage,
} from './cluster.messages.js';
import { isObject } from '../core/is-object.js';

const isMs = (min: number) => (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= 2_147_483_647;
const isRedisUrl = (v: unknown) => {
  if (typeof v !== 'string') return false;
  try {
    return ['redis:', 'rediss:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** The `cluster` option's checks, run with the others at start-up. */
export const CLUSTER_OPTION_CHECKS: OptionCheck[] = [
  ['cluster', (v) => isObject(v) && v.redis !== undefined, 'an object like { redis: { url } }'],
  ['cluster.redis', (v) => isObject(v) && v.url !== undefined, 'an object like { url: "redis://127.0.0.1:6379" }'],
  ['cluster.redis.url', isRedisUrl, 'a redis:// or rediss:// URL'],
  ['cluster.redis.connectTimeout', isMs(100), 'a number of milliseconds >= 100'],
  ['cluster.adapter', (v) => v === 'streams' || v === 'pubsub', '"streams" or "pubsub"'],
  ['cluster.keyPrefix', (v) => typeof v === 'string' && !/[\s*?[\]]/.test(v), 'a string without spaces or glob characters'],
  ['cluster.commandTimeout', isMs(50), 'a number of milliseconds >= 50'],
  ['cluster.heartbeatInterval', isMs(50), 'a number of milliseconds >= 50'],
  ['cluster.recovery', (v) => v === false || (isObject(v) && isMs(1_000)(v.maxDisconnectionDuration)),
    'false or { maxDisconnectionDuration } in milliseconds (>= 1000)'],
  ['cluster.idleLimit', (v) => v === 'node' || v === 'cluster', '"node" or "cluster"'],
];

/** Checks that need the whole options: what `cluster` cannot be combined with. */
export function checkClusterCombinations(options: RainSocketsOptions): void {
  const cluster = options.cluster;
  if (!cluster) return;
  const session = options.session;
  if (session && session.freshness === 'local') {
    throw new InvalidRainSocketsOptionError('session.freshness', freshnessLocalMessage());
  }
  if (options.socketIo?.adapter !== undefined) {
    throw new InvalidRainSocketsOptionError('socketIo.adapter', adapterConflictMessage());
  }
  if (options.socketIo?.connectionStateRecovery !== undefined) {
    throw new InvalidRainSocketsOptionError('socketIo.connectionStateRecovery', recoveryConflictMessage());
  }
  if (cluster.adapter === 'pubsub' && cluster.recovery) {
    throw new InvalidRainSocketsOptionError('cluster.recovery', recoveryNeedsStreamsMessage());
  }
}
