import type { Namespace, Socket } from 'socket.io';
import { RainClientError } from '../handlers/ws-error.js';
import {
  type PresenceMessage,
  type WireEntry,
  isPresenceMessage,
  listenToOtherNodes,
  reachesOtherNodes,
  sendToOtherNodes,
} from './presence-cluster-link.js';
import { PresencePeers } from './presence-peers.js';
import { type PresenceChanges, type PresenceEntry, PresenceReplica, toState } from './presence-replica.js';
import { PresenceWatchers } from './presence-watchers.js';
import { PRESENCE_DIFF_EVENT, PRESENCE_STATE_EVENT } from './presence.constants.js';
import { alreadyTrackedMessage, badPeerMessage, nodeDownMessage, notTrackedMessage, sendFailedMessage } from './presence.messages.js';
import type { PresenceDiffPayload, PresenceMeta, PresenceState, PresenceStatePayload } from './presence.types.js';

export interface PresenceSettings {
  heartbeatInterval: number;
  nodeTimeout: number;
}

export interface PresenceLog {
  warn(message: string): void;
  error(message: string): void;
}

/** Topics are '' for the channel itself and the room's name otherwise. */
const roomOf = (topic: string) => (topic === '' ? null : topic);
const trackId = (socketId: string, topic: string, key: string) => `${socketId}\n${topic}\n${key}`;

/**
 * Presence on one component channel (a socket.io namespace): this node's tracks, its
 * replica of every node's, the local sockets that watch each topic, and, when the
 * namespace's adapter reaches other nodes, the exchange that keeps replicas in step
 * and removes a node that went silent.
 */
export class ChannelPresence {
  private readonly replica = new PresenceReplica();
  private readonly watchers = new PresenceWatchers();
  private readonly peers: PresencePeers;
  /** This node's tracks: socket + topic + key → ref, and socket → refs. */
  private readonly own = new Map<string, string>();
  private readonly ownBySocket = new Map<string, Set<string>>();
  private readonly clustered: boolean;
  private readonly stopListening: () => void;
  private clock = 0;
  private seq = 0;
  private stateQueued = false;
  private closed = false;
  private lastSendFailure = 0;

  constructor(
    private readonly namespace: Namespace,
    private readonly node: string,
    private readonly settings: PresenceSettings,
    private readonly log: PresenceLog,
  ) {
    this.peers = new PresencePeers(settings.nodeTimeout);
    this.clustered = reachesOtherNodes(namespace);
    const onLeaveRoom = (room: string, socketId: string) => this.leftRoom(socketId, room);
    namespace.adapter.on('leave-room', onLeaveRoom);
    const stopPeers = this.clustered ? listenToOtherNodes(namespace, (message) => this.receive(message)) : () => {};
    this.stopListening = () => {
      namespace.adapter.off('leave-room', onLeaveRoom);
      stopPeers();
    };
    this.send({ t: 'hello', node });
  }

  // --- this node's sockets ---

  /** Presences this node's sockets hold in this namespace (for telemetry). */
  get tracked(): number {
    return this.own.size;
  }

  track(socket: Socket, topic: string, key: string, meta: PresenceMeta): void {
    const id = trackId(socket.id, topic, key);
    if (this.own.has(id)) throw new RainClientError('bad_request', alreadyTrackedMessage(key, roomOf(topic) ?? undefined));
    const entry = this.addOwn(socket.id, topic, key, meta);
    this.commit({ joins: [entry], leaves: [] });
    // After the diff: a socket new to the topic gets the whole state, itself included, instead.
    this.watch(socket, topic);
  }

  update(socket: Socket, topic: string, key: string, meta: PresenceMeta): void {
    const ref = this.own.get(trackId(socket.id, topic, key));
    if (!ref) throw new RainClientError('bad_request', notTrackedMessage(key, roomOf(topic) ?? undefined));
    const old = this.removeOwn(ref);
    const entry = this.addOwn(socket.id, topic, key, meta);
    // Phoenix's way: an update is the old meta leaving and the new one joining, in one diff.
    this.commit({ joins: [entry], leaves: [old] });
  }

  untrack(socketId: string, topic: string, key: string): void {
    const ref = this.own.get(trackId(socketId, topic, key));
    if (ref) this.commit({ joins: [], leaves: [this.removeOwn(ref)] });
  }

  watch(socket: Socket, topic: string): void {
    if (this.watchers.has(socket.id, topic)) return;
    this.watchers.add(socket.id, topic);
    const payload: PresenceStatePayload = { room: roomOf(topic), presences: this.replica.state(topic) };
    // The way the diffs go (this node, at once), not `socket.emit`: with connection state
    // recovery socket.io sends that through the adapter, after a Redis round trip, and a diff
    // sent meanwhile would reach the client first, which ignores diffs before a state.
    this.namespace.local.to(socket.id).emit(PRESENCE_STATE_EVENT, payload);
  }

  list(topic: string): PresenceState {
    return this.replica.state(topic);
  }

  /** The socket disconnected: its tracks leave every topic. */
  socketGone(socketId: string): void {
    this.watchers.removeSocket(socketId);
    const refs = this.ownBySocket.get(socketId);
    if (refs) this.commit({ joins: [], leaves: [...refs].map((ref) => this.removeOwn(ref)) });
  }

  /** Presence in a room follows membership: a socket that leaves the room (or disconnects) leaves its topic. */
  private leftRoom(socketId: string, room: string): void {
    if (this.closed) return;
    this.watchers.remove(socketId, room);
    const refs = this.ownBySocket.get(socketId);
    if (!refs) return;
    const leaves = [...refs].filter((ref) => this.replica.get(ref)!.topic === room).map((ref) => this.removeOwn(ref));
    if (leaves.length) this.commit({ joins: [], leaves });
  }

  private addOwn(socketId: string, topic: string, key: string, meta: PresenceMeta): PresenceEntry {
    const entry: PresenceEntry = { ref: `${this.node}.${(++this.seq).toString(36)}`, node: this.node, topic, key, meta, socket: socketId };
    this.replica.add(entry);
    this.own.set(trackId(socketId, topic, key), entry.ref);
    let refs = this.ownBySocket.get(socketId);
    if (!refs) this.ownBySocket.set(socketId, (refs = new Set()));
    refs.add(entry.ref);
    return entry;
  }

  private removeOwn(ref: string): PresenceEntry {
    const entry = this.replica.remove(ref)!;
    this.own.delete(trackId(entry.socket, entry.topic, entry.key));
    const refs = this.ownBySocket.get(entry.socket)!;
    refs.delete(ref);
    if (refs.size === 0) this.ownBySocket.delete(entry.socket);
    return entry;
  }

  /** A change of this node's own tracks: local watchers get the diff, other nodes the numbered delta. */
  private commit(changes: PresenceChanges): void {
    if (this.closed) return;
    this.clock++;
    this.emitDiffs(changes);
    this.send({
      t: 'delta',
      node: this.node,
      clock: this.clock,
      joins: changes.joins.map(toWire),
      leaves: changes.leaves.map((entry) => entry.ref),
    });
  }

  /** Every node emits the diffs of every change to its own sockets only. */
  private emitDiffs({ joins, leaves }: PresenceChanges): void {
    const topics = new Map<string, PresenceChanges>();
    const of = (topic: string) => {
      let changes = topics.get(topic);
      if (!changes) topics.set(topic, (changes = { joins: [], leaves: [] }));
      return changes;
    };
    for (const entry of joins) of(entry.topic).joins.push(entry);
    for (const entry of leaves) of(entry.topic).leaves.push(entry);
    for (const [topic, changes] of topics) {
      const ids = this.watchers.of(topic);
      if (ids.length === 0) continue;
      const payload: PresenceDiffPayload = { room: roomOf(topic), joins: toState(changes.joins), leaves: toState(changes.leaves) };
      this.namespace.local.to(ids).emit(PRESENCE_DIFF_EVENT, payload);
    }
  }

  // --- other nodes ---

  /** Runs every heartbeatInterval: says this node is alive, and drops the nodes that are not. */
  tick(now: number): void {
    if (!this.clustered || this.closed) return;
    if (this.replica.countOf(this.node) > 0) this.send({ t: 'beat', node: this.node, clock: this.clock });
    for (const node of this.peers.silent(now)) {
      const gone = this.replica.dropNode(node);
      this.peers.forget(node);
      if (gone.length === 0) continue;
      this.log.warn(nodeDownMessage(this.namespace.name, node, gone.length));
      this.emitDiffs({ joins: [], leaves: gone });
    }
  }

  /** Shutdown: the other nodes drop this one's presences at once instead of after the timeout. */
  close(): void {
    if (this.closed) return;
    if (this.replica.countOf(this.node) > 0) this.send({ t: 'bye', node: this.node });
    this.closed = true;
    this.stopListening();
  }

  private receive(message: unknown): void {
    if (this.closed || !isPresenceMessage(message) || message.node === this.node) return;
    try {
      this.apply(message, Date.now());
    } catch (error) {
      this.log.error(badPeerMessage(this.namespace.name, String(error)));
    }
  }

  private apply(message: PresenceMessage, now: number): void {
    const { node } = message;
    switch (message.t) {
      case 'delta': {
        const verdict = this.peers.onDelta(node, message.clock, now);
        if (verdict === 'resync') this.askState(node, now);
        if (verdict !== 'apply') return;
        const joins = message.joins.map((wire) => ({ ...wire, node }));
        for (const entry of joins) this.replica.add(entry);
        const leaves = message.leaves
          .filter((ref) => this.replica.get(ref)?.node === node)
          .map((ref) => this.replica.remove(ref)!);
        this.emitDiffs({ joins, leaves });
        return;
      }
      case 'beat':
        if (this.peers.onBeat(node, message.clock, now) === 'resync') this.askState(node, now);
        return;
      case 'state':
        if (this.peers.onState(node, message.clock, now)) {
          this.emitDiffs(this.replica.replaceNode(node, message.entries.map((wire) => ({ ...wire, node }))));
        }
        return;
      case 'sync':
        if (message.to === this.node) this.sendState();
        return;
      case 'hello':
        if (this.replica.countOf(this.node) > 0) this.sendState();
        return;
      case 'bye':
        this.peers.forget(node);
        this.emitDiffs({ joins: [], leaves: this.replica.dropNode(node) });
        return;
    }
  }

  private askState(node: string, now: number): void {
    if (this.peers.shouldAsk(node, now)) this.send({ t: 'sync', node: this.node, to: node });
  }

  /** Several nodes may ask in the same moment: one answer serves them all. */
  private sendState(): void {
    if (this.stateQueued) return;
    this.stateQueued = true;
    setImmediate(() => {
      this.stateQueued = false;
      if (this.closed) return;
      this.send({ t: 'state', node: this.node, clock: this.clock, entries: this.replica.entriesOf(this.node).map(toWire) });
    });
  }

  private send(message: PresenceMessage): void {
    if (!this.clustered) return;
    sendToOtherNodes(this.namespace, message, (error) => {
      const now = Date.now();
      if (now - this.lastSendFailure < this.settings.nodeTimeout) return;
      this.lastSendFailure = now;
      this.log.warn(sendFailedMessage(this.namespace.name, String(error)));
    });
  }
}

function toWire({ node: _node, ...wire }: PresenceEntry): WireEntry {
  return wire;
}
