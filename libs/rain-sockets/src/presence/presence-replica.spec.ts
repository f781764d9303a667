import { describe, expect, it } from 'vitest';
import { type PresenceEntry, PresenceReplica } from './presence-replica.js';

const entry = (ref: string, node: string, key: string, topic = '', meta = {}): PresenceEntry => ({ ref, node, key, topic, meta, socket: `s-${ref}` });

describe('PresenceReplica', () => {
  it('lists a topic by key, a meta per track, refs included, in the order tracked', () => {
    const replica = new PresenceReplica();
    replica.add(entry('a.1', 'a', 'ann', '', { tab: 1 }));
    replica.add(entry('b.1', 'b', 'bob'));
    replica.add(entry('b.2', 'b', 'ann', '', { tab: 2 }));
    replica.add(entry('a.2', 'a', 'ann', 'red'));
    expect(replica.state('')).toEqual({
      ann: { metas: [{ tab: 1, rain_ref: 'a.1' }, { tab: 2, rain_ref: 'b.2' }] },
      bob: { metas: [{ rain_ref: 'b.1' }] },
    });
    expect(Object.keys(replica.state('red'))).toEqual(['ann']);
    expect(replica.state('blue')).toEqual({});
  });

  it('replaces what one node tracks and says what joined and what left', () => {
    const replica = new PresenceReplica();
    replica.add(entry('a.1', 'a', 'ann'));
    replica.add(entry('b.1', 'b', 'bob'));
    replica.add(entry('b.2', 'b', 'cat'));
    const changes = replica.replaceNode('b', [entry('b.2', 'b', 'cat'), entry('b.3', 'b', 'dan')]);
    expect(changes.joins.map((e) => e.ref)).toEqual(['b.3']);
    expect(changes.leaves.map((e) => e.ref)).toEqual(['b.1']);
    expect(Object.keys(replica.state(''))).toEqual(['ann', 'cat', 'dan']);
  });

  it('drops every presence of a node and only those', () => {
    const replica = new PresenceReplica();
    replica.add(entry('a.1', 'a', 'ann'));
    replica.add(entry('b.1', 'b', 'bob', 'red'));
    replica.add(entry('b.2', 'b', 'ann'));
    expect(replica.dropNode('b').map((e) => e.ref).sort()).toEqual(['b.1', 'b.2']);
    expect(replica.countOf('b')).toBe(0);
    expect(replica.state('')).toEqual({ ann: { metas: [{ rain_ref: 'a.1' }] } });
    expect(replica.state('red')).toEqual({});
  });
});
