import { describe, expect, it } from 'vitest';
import { PresencePeers } from './presence-peers.js';

describe('PresencePeers: which message of another node to apply', () => {
  it('applies a new node’s first delta, then each next one, and ignores repeats', () => {
    const peers = new PresencePeers(1_000);
    expect(peers.onDelta('n1', 1, 0)).toBe('apply');
    expect(peers.onDelta('n1', 2, 10)).toBe('apply');
    expect(peers.onDelta('n1', 2, 20)).toBe('ignore');
    expect(peers.onDelta('n1', 1, 30)).toBe('ignore');
  });

  it('asks for the whole state after a missed delta, or from a node first heard of mid-way', () => {
    const peers = new PresencePeers(1_000);
    expect(peers.onDelta('late', 7, 0)).toBe('resync');
    expect(peers.onDelta('n1', 1, 0)).toBe('apply');
    expect(peers.onDelta('n1', 3, 0)).toBe('resync');
    expect(peers.onBeat('n1', 5, 0)).toBe('resync');
    expect(peers.onBeat('unknown', 1, 0)).toBe('resync');
  });

  it('takes a state that is not older than what it applied, and goes on from its number', () => {
    const peers = new PresencePeers(1_000);
    expect(peers.onState('n1', 5, 0)).toBe(true);
    expect(peers.onState('n1', 4, 0)).toBe(false);
    expect(peers.onDelta('n1', 6, 0)).toBe('apply');
    expect(peers.onBeat('n1', 6, 0)).toBe('ok');
  });

  it('asks a node for its state once per timeout, however many gaps show', () => {
    const peers = new PresencePeers(1_000);
    expect(peers.shouldAsk('n1', 0)).toBe(true);
    expect(peers.shouldAsk('n1', 500)).toBe(false);
    expect(peers.shouldAsk('n1', 1_000)).toBe(true);
    peers.onState('n1', 1, 1_100);
    expect(peers.shouldAsk('n1', 1_200)).toBe(true);
  });

  it('names the nodes silent for longer than the timeout, and forgets them on request', () => {
    const peers = new PresencePeers(1_000);
    peers.onDelta('quiet', 1, 0);
    peers.onDelta('chatty', 1, 0);
    peers.onBeat('chatty', 1, 900);
    expect(peers.silent(1_000)).toEqual([]);
    expect(peers.silent(1_001)).toEqual(['quiet']);
    peers.forget('quiet');
    expect(peers.onDelta('quiet', 2, 1_002)).toBe('resync');
  });
});
