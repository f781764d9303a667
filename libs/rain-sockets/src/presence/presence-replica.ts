import type { PresenceMeta, PresenceState } from './presence.types.js';

/** One track: a key present on a topic through one socket of one node. */
export interface PresenceEntry {
  /** Unique in the cluster: the node's id and a counter. */
  ref: string;
  node: string;
  /** '' for the component channel, otherwise the room. */
  topic: string;
  key: string;
  meta: PresenceMeta;
  socket: string;
}

export interface PresenceChanges {
  joins: PresenceEntry[];
  leaves: PresenceEntry[];
}

/**
 * Every presence of one component channel this node knows of, its own and its peers',
 * indexed by ref, by topic (for list and diffs) and by node (to drop a dead one).
 */
export class PresenceReplica {
  private readonly byRef = new Map<string, PresenceEntry>();
  private readonly byTopic = new Map<string, Map<string, PresenceEntry>>();
  private readonly byNode = new Map<string, Set<string>>();

  get(ref: string): PresenceEntry | undefined {
    return this.byRef.get(ref);
  }

  add(entry: PresenceEntry): void {
    this.byRef.set(entry.ref, entry);
    let topic = this.byTopic.get(entry.topic);
    if (!topic) this.byTopic.set(entry.topic, (topic = new Map()));
    topic.set(entry.ref, entry);
    let node = this.byNode.get(entry.node);
    if (!node) this.byNode.set(entry.node, (node = new Set()));
    node.add(entry.ref);
  }

  remove(ref: string): PresenceEntry | undefined {
    const entry = this.byRef.get(ref);
    if (!entry) return undefined;
    this.byRef.delete(ref);
    const topic = this.byTopic.get(entry.topic)!;
    topic.delete(ref);
    if (topic.size === 0) this.byTopic.delete(entry.topic);
    const node = this.byNode.get(entry.node)!;
    node.delete(ref);
    if (node.size === 0) this.byNode.delete(entry.node);
    return entry;
  }

  /** The topic as clients see it: key → metas, in the order they were tracked. */
  state(topic: string): PresenceState {
    return toState(this.byTopic.get(topic)?.values() ?? []);
  }

  entriesOf(node: string): PresenceEntry[] {
    return [...(this.byNode.get(node) ?? [])].map((ref) => this.byRef.get(ref)!);
  }

  countOf(node: string): number {
    return this.byNode.get(node)?.size ?? 0;
  }

  /** Makes `entries` the whole of what `node` tracks, and says what that changed. */
  replaceNode(node: string, entries: PresenceEntry[]): PresenceChanges {
    const incoming = new Map(entries.map((entry) => [entry.ref, entry]));
    const leaves = this.entriesOf(node).filter((entry) => !incoming.has(entry.ref));
    for (const entry of leaves) this.remove(entry.ref);
    const joins = entries.filter((entry) => !this.byRef.has(entry.ref));
    for (const entry of joins) this.add(entry);
    return { joins, leaves };
  }

  /** Forgets every presence of a node (it left or died) and returns them. */
  dropNode(node: string): PresenceEntry[] {
    const gone = this.entriesOf(node);
    for (const entry of gone) this.remove(entry.ref);
    return gone;
  }
}

/** Groups entries by key, Phoenix's shape: `{ [key]: { metas: [{ ...meta, rain_ref }] } }`. */
export function toState(entries: Iterable<PresenceEntry>): PresenceState {
  const state: PresenceState = {};
  for (const entry of entries) {
    const meta = { ...entry.meta, rain_ref: entry.ref };
    const present = state[entry.key];
    if (present) present.metas.push(meta);
    else state[entry.key] = { metas: [meta] };
  }
  return state;
}
