import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import {
  DEFAULT_COMMAND_TIMEOUT,
  DEFAULT_CONNECT_TIMEOUT,
  DEFAULT_HEARTBEAT_INTERVAL,
  DEFAULT_KEY_PREFIX,
  DEFAULT_RECOVERY_WINDOW,
  MISSED_HEARTBEATS,
} from './cluster.constants.js';

/** The `cluster` option with every default applied. */
export interface ClusterSettings {
  url: string;
  connectTimeout: number;
  adapter: 'streams' | 'pubsub';
  keyPrefix: string;
  commandTimeout: number;
  heartbeatInterval: number;
  /** A node record not renewed for this long is gone (ms). */
  nodeTtl: number;
  /** Connection state recovery window (ms), or undefined when off. */
  recoveryWindow?: number;
  /** How often a node rewrites its live sockets' recovery records (ms); their TTL is the window plus this. */
  recoveryRenewEvery: number;
  idleLimit: 'node' | 'cluster';
}

/** Undefined when the app runs on one node (no `cluster` option). Expects validated options. */
export function resolveClusterSettings(options: RainSocketsOptions | undefined): ClusterSettings | undefined {
  const cluster = options?.cluster;
  if (!cluster) return undefined;
  const adapter = cluster.adapter ?? 'streams';
  const heartbeatInterval = cluster.heartbeatInterval ?? DEFAULT_HEARTBEAT_INTERVAL;
  const recovery = cluster.recovery ?? (adapter === 'streams' ? { maxDisconnectionDuration: DEFAULT_RECOVERY_WINDOW } : false);
  return {
    url: cluster.redis.url,
    connectTimeout: cluster.redis.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT,
    adapter,
    keyPrefix: cluster.keyPrefix ?? DEFAULT_KEY_PREFIX,
    commandTimeout: cluster.commandTimeout ?? DEFAULT_COMMAND_TIMEOUT,
    heartbeatInterval,
    nodeTtl: heartbeatInterval * MISSED_HEARTBEATS,
    recoveryWindow: recovery ? recovery.maxDisconnectionDuration : undefined,
    recoveryRenewEvery: recovery ? Math.max(1_000, Math.floor(recovery.maxDisconnectionDuration / 4)) : 0,
    idleLimit: cluster.idleLimit ?? 'node',
  };
}
