import { loadOptionalPeer } from '../core/optional-peer.js';

// The Redis pieces are optional peers of rain-sockets: loaded here, and only when the
// `cluster` option (or its default session store) needs them.

export type RedisModule = typeof import('redis');
export type StreamsAdapterModule = typeof import('@socket.io/redis-streams-adapter');
export type PubSubAdapterModule = typeof import('@socket.io/redis-adapter');

export const loadRedis = (): Promise<RedisModule> =>
  loadOptionalPeer('redis', 'the "cluster" option', () => import('redis'));

export const loadStreamsAdapter = (): Promise<StreamsAdapterModule> =>
  loadOptionalPeer('@socket.io/redis-streams-adapter', 'cluster.adapter "streams" (the default)', () => import('@socket.io/redis-streams-adapter'));

export const loadPubSubAdapter = (): Promise<PubSubAdapterModule> =>
  loadOptionalPeer('@socket.io/redis-adapter', 'cluster.adapter "pubsub"', () => import('@socket.io/redis-adapter'));
