interface Peer {
  /** The number of the last delta of that node applied here. */
  clock: number;
  seenAt: number;
}

/**
 * What this node knows of the other nodes of one component channel: the last delta it
 * applied from each and when it last heard from it. Decides whether a message is the
 * next one, an old one, or shows that one was missed (then the whole state is asked for).
 */
export class PresencePeers {
  private readonly peers = new Map<string, Peer>();
  private readonly asked = new Map<string, number>();

  constructor(private readonly timeout: number) {}

  onDelta(node: string, clock: number, now: number): 'apply' | 'ignore' | 'resync' {
    const peer = this.peers.get(node);
    if (!peer) {
      // A node's very first delta needs nothing before it.
      if (clock !== 1) return 'resync';
      this.peers.set(node, { clock, seenAt: now });
      return 'apply';
    }
    peer.seenAt = now;
    if (clock <= peer.clock) return 'ignore';
    if (clock !== peer.clock + 1) return 'resync';
    peer.clock = clock;
    return 'apply';
  }

  onBeat(node: string, clock: number, now: number): 'ok' | 'resync' {
    const peer = this.peers.get(node);
    if (!peer) return 'resync';
    peer.seenAt = now;
    return clock > peer.clock ? 'resync' : 'ok';
  }

  /** Whether a whole state is newer than what is known (then it replaces it). */
  onState(node: string, clock: number, now: number): boolean {
    const peer = this.peers.get(node);
    this.asked.delete(node);
    if (peer && clock < peer.clock) return false;
    this.peers.set(node, { clock, seenAt: now });
    return true;
  }

  /** Whether to ask `node` for its state now: once per timeout, not at every message that shows a gap. */
  shouldAsk(node: string, now: number): boolean {
    const at = this.asked.get(node);
    if (at !== undefined && now - at < this.timeout) return false;
    this.asked.set(node, now);
    return true;
  }

  forget(node: string): void {
    this.peers.delete(node);
    this.asked.delete(node);
  }

  /** Nodes not heard from for longer than the timeout: dead, or cut off from Redis. */
  silent(now: number): string[] {
    for (const [node, at] of this.asked) if (now - at >= this.timeout) this.asked.delete(node);
    return [...this.peers].filter(([, peer]) => now - peer.seenAt > this.timeout).map(([node]) => node);
  }
}
