import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Namespace, Server, Socket } from 'socket.io';
import { ComponentServer } from '../core/component-server.js';
import { RainClientError } from '../handlers/ws-error.js';
import { getRainContext } from '../core/rain-socket-context.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import { ChannelPresence, type PresenceSettings } from './channel-presence.js';
import { DEFAULT_PRESENCE_HEARTBEAT, DEFAULT_PRESENCE_NODE_TIMEOUT } from './presence.constants.js';
import {
  invalidKeyMessage,
  invalidMetaMessage,
  invalidRoomMessage,
  notComponentServerMessage,
  notComponentSocketMessage,
} from './presence.messages.js';
import type { PresenceMeta, PresenceState, PresenceTopicOptions } from './presence.types.js';

/**
 * Who is on a component channel or one of its rooms, Phoenix-style: `track` a socket under
 * a key (a user id) with a meta; the socket gets `presence_state`, every watcher of the
 * topic a `presence_diff`. A user with several tabs is one key with several metas. A
 * socket's presences leave when it disconnects (or leaves the room). With a cluster
 * adapter every node keeps a replica of every node's presences, so `list` is cluster-wide
 * and a dead node's presences leave within `nodeTimeout + heartbeatInterval`.
 *
 * @example
 * ```ts
 * constructor(private readonly presence: RainPresenceService) {}
 * async handle(socket: RainSocket) {
 *   await this.presence.track(socket, socket.session.get('user'), { device: 'web' });
 * }
 * ```
 */
@Injectable()
export class RainPresenceService implements RainSocketExtension {
  private readonly logger = new Logger('RainSockets presence');
  /** This process in the cluster: random, so a restarted node is a new one. */
  readonly nodeId = randomBytes(6).toString('base64url');
  private readonly channels = new Map<string, ChannelPresence>();
  private readonly settings: PresenceSettings;
  private timer?: NodeJS.Timeout;

  constructor(@Inject(RAIN_SOCKETS_OPTIONS) options: RainSocketsOptions) {
    const presence = options.presence;
    this.settings = {
      heartbeatInterval: presence?.heartbeatInterval ?? DEFAULT_PRESENCE_HEARTBEAT,
      nodeTimeout: presence?.nodeTimeout ?? DEFAULT_PRESENCE_NODE_TIMEOUT,
    };
  }

  /**
   * Tracks `socket` under `key` with `meta` on the channel or `{ room }` (which the socket
   * joins). The socket gets `presence_state` for that topic the first time, the others a
   * `presence_diff`. Does nothing when the socket already disconnected.
   */
  async track(socket: Socket, key: string, meta: PresenceMeta = {}, options: PresenceTopicOptions = {}): Promise<void> {
    const topic = checkTopic(options);
    checkKey(key);
    const json = asJson(meta);
    const channel = this.channelOf(socket);
    if (topic !== '') await socket.join(topic);
    if (!socket.connected) return;
    channel.track(socket, topic, key, json);
  }

  /** Replaces the meta of a key this socket tracks (a status change...): one diff with the old meta leaving and the new joining. */
  update(socket: Socket, key: string, meta: PresenceMeta, options: PresenceTopicOptions = {}): void {
    const topic = checkTopic(options);
    checkKey(key);
    this.channelOf(socket).update(socket, topic, key, asJson(meta));
  }

  /** Stops tracking `key` for this socket; the socket still watches the topic. No-op when not tracked. */
  untrack(socket: Socket, key: string, options: PresenceTopicOptions = {}): void {
    this.channelOf(socket).untrack(socket.id, checkTopic(options), key);
  }

  /** Sends the topic's `presence_state` to a socket that tracks nothing, and its diffs from then on (joins the room if one). */
  async watch(socket: Socket, options: PresenceTopicOptions = {}): Promise<void> {
    const topic = checkTopic(options);
    const channel = this.channelOf(socket);
    if (topic !== '') await socket.join(topic);
    if (socket.connected) channel.watch(socket, topic);
  }

  /** Every presence of the topic on every node, as this node knows it: `{ [key]: { metas } }`. */
  list(target: Socket | ComponentServer, options: PresenceTopicOptions = {}): PresenceState {
    const topic = checkTopic(options);
    const namespace = target instanceof ComponentServer ? target.namespace : isSocket(target) ? target.nsp : undefined;
    if (!namespace) throw new Error(notComponentServerMessage());
    return this.channelFor(namespace).list(topic);
  }

  // --- RainSocketExtension ---

  serverCreated(io: Server): void {
    // Every component namespace, from its creation on, so that a node that tracks nothing
    // still hears the others and answers list() for the whole cluster.
    io.on('new_namespace', (namespace: Namespace) => this.channelFor(namespace));
    this.timer = setInterval(() => {
      const now = Date.now();
      for (const channel of this.channels.values()) channel.tick(now);
    }, this.settings.heartbeatInterval);
    this.timer.unref();
  }

  serverClosing(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const channel of this.channels.values()) channel.close();
    this.channels.clear();
  }

  disconnected(socket: Socket): void {
    this.channels.get(socket.nsp.name)?.socketGone(socket.id);
  }

  /** Presences tracked by this node's sockets, per namespace (for telemetry and the dashboard). */
  trackedCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [name, channel] of this.channels) counts.set(name, channel.tracked);
    return counts;
  }

  private channelOf(socket: Socket): ChannelPresence {
    if (!getRainContext(socket)) throw new Error(notComponentSocketMessage());
    return this.channelFor(socket.nsp);
  }

  private channelFor(namespace: Namespace): ChannelPresence {
    let channel = this.channels.get(namespace.name);
    if (!channel) {
      channel = new ChannelPresence(namespace, this.nodeId, this.settings, this.logger);
      this.channels.set(namespace.name, channel);
    }
    return channel;
  }
}

function checkTopic(options: PresenceTopicOptions): string {
  const room = options?.room;
  if (room === undefined) return '';
  if (typeof room !== 'string' || room === '') throw new RainClientError('bad_request', invalidRoomMessage(room));
  return room;
}

function checkKey(key: unknown): void {
  if (typeof key !== 'string' || key === '') throw new RainClientError('bad_request', invalidKeyMessage(key));
}

/**
 * The meta as every node and client will see it: through JSON, so that this node's own
 * list() holds what the others receive (no `undefined` here and `null` there), and a
 * later change to the caller's object changes nothing.
 */
function asJson(meta: unknown): PresenceMeta {
  const proto = typeof meta === 'object' && meta !== null ? Object.getPrototypeOf(meta) : undefined;
  if (proto !== Object.prototype && proto !== null) throw new RainClientError('bad_request', invalidMetaMessage(meta));
  try {
    return JSON.parse(JSON.stringify(meta)) as PresenceMeta;
  } catch {
    throw new RainClientError('bad_request', invalidMetaMessage(meta));
  }
}

function isSocket(value: unknown): value is Socket {
  return typeof value === 'object' && value !== null && typeof (value as Socket).nsp === 'object' && typeof (value as Socket).id === 'string';
}
