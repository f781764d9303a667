import { EventEmitter } from 'node:events';
import type { Namespace } from 'socket.io';
import type { PresenceEntry } from './presence-replica.js';
import { PRESENCE_CLUSTER_EVENT } from './presence.constants.js';

/** An entry as it travels between nodes; the node is the sender's. */
export type WireEntry = Omit<PresenceEntry, 'node'>;

/**
 * What nodes tell each other about one component channel, modelled on Phoenix's tracker:
 * numbered deltas, heartbeats that carry the latest number (so a missed delta is noticed),
 * whole-state transfers on request, and a goodbye at shutdown.
 */
export type PresenceMessage =
  | { t: 'delta'; node: string; clock: number; joins: WireEntry[]; leaves: string[] }
  | { t: 'beat'; node: string; clock: number }
  | { t: 'state'; node: string; clock: number; entries: WireEntry[] }
  | { t: 'sync'; node: string; to: string }
  | { t: 'hello'; node: string }
  | { t: 'bye'; node: string };

const TYPES = new Set(['delta', 'beat', 'state', 'sync', 'hello', 'bye']);

export function isPresenceMessage(value: unknown): value is PresenceMessage {
  const message = value as Partial<PresenceMessage> | null;
  return typeof message === 'object' && message !== null && TYPES.has(message.t as string) && typeof message.node === 'string';
}

/**
 * Whether the namespace's adapter reaches other nodes. socket.io's in-memory Adapter has a
 * serverSideEmit that only warns; cluster adapters (Redis, Redis streams, ...) override it.
 * The in-memory one is the deepest class of the chain that defines it, found without
 * importing socket.io-adapter, which is socket.io's dependency, not ours.
 */
export function reachesOtherNodes(namespace: Namespace): boolean {
  const adapter = namespace.adapter as unknown as { serverSideEmit: unknown };
  let base: object | undefined;
  for (let proto = Object.getPrototypeOf(adapter); proto && proto !== EventEmitter.prototype; proto = Object.getPrototypeOf(proto)) {
    if (Object.hasOwn(proto, 'serverSideEmit')) base = proto;
  }
  return base !== undefined && adapter.serverSideEmit !== (base as { serverSideEmit: unknown }).serverSideEmit;
}

/**
 * Sends to every other node. Through the adapter itself rather than
 * `namespace.serverSideEmit()`, so that an adapter whose publish returns a promise
 * (the Redis streams one) cannot leave a rejection unhandled when Redis is away.
 */
export function sendToOtherNodes(namespace: Namespace, message: PresenceMessage, failed: (error: unknown) => void): void {
  try {
    const sent = (namespace.adapter.serverSideEmit as (packet: unknown[]) => unknown)([PRESENCE_CLUSTER_EVENT, message]);
    if (sent instanceof Promise) sent.catch(failed);
  } catch (error) {
    failed(error);
  }
}

export function listenToOtherNodes(namespace: Namespace, listener: (message: unknown) => void): () => void {
  const emitter = namespace as unknown as EventEmitter;
  emitter.on(PRESENCE_CLUSTER_EVENT, listener);
  return () => emitter.off(PRESENCE_CLUSTER_EVENT, listener);
}
