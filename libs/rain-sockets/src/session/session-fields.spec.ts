import { describe, expect, it } from 'vitest';
import { applyChanges, changedKeys, nextSnapshot, serializeFields, unversionedSnapshot } from './session-fields.js';

describe('session fields', () => {
  it('serializes each key once, without the cookie, the reserved names, or values JSON leaves out', () => {
    const session = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    Object.assign(session, { cookie: { maxAge: 1 }, a: 1, b: { c: [1] }, gone: undefined, fn: () => 1, constructor: 'x' });
    expect([...serializeFields(session)]).toEqual([
      ['a', '1'],
      ['b', '{"c":[1]}'],
    ]);
  });

  it('finds the keys set, changed and deleted since the snapshot, and none when nothing changed', () => {
    const snapshot = unversionedSnapshot(new Map([['kept', '1'], ['changed', '1'], ['deleted', '1']]));
    expect(changedKeys(snapshot, new Map([['kept', '1'], ['changed', '1'], ['deleted', '1']]))).toEqual([]);
    expect(changedKeys(snapshot, new Map([['kept', '1'], ['changed', '2'], ['added', '3']])).sort()).toEqual(['added', 'changed', 'deleted']);
  });

  it('keeps a deletion as a mark with its version, and does not report it deleted again', () => {
    const before = unversionedSnapshot(new Map([['k', '1'], ['x', '1']]));
    const after = nextSnapshot(before, new Map([['x', '1']]), ['k'], 9);
    expect(after.keys.get('k')).toEqual({ json: undefined, version: 9 });
    expect(after.version).toBe(9);
    expect(changedKeys(after, new Map([['x', '1']]))).toEqual([]);
    expect(nextSnapshot(before, new Map([['x', '1']]), ['k'], 0).keys.has('k')).toBe(false);
  });

  it('keeps what a reload brought when it is newer than the write that just ended', () => {
    const reloaded = { keys: new Map([['k', { json: '"theirs"', version: 20 }]]), version: 20 };
    const after = nextSnapshot(reloaded, new Map([['k', '"mine"'], ['n', '1']]), ['k', 'n'], 10);
    expect(after.keys.get('k')).toEqual({ json: '"theirs"', version: 20 });
    expect(after.keys.get('n')).toEqual({ json: '1', version: 10 });
  });

  it("applies only the writer's changes onto the store's copy, and never copies a reserved name from it", () => {
    const current = JSON.parse('{"__proto__": {"polluted": true}, "theirs": 1, "deleted": 1, "cookie": {}}');
    const merged = applyChanges(current, new Map([['mine', '2']]), ['mine', 'deleted'], { maxAge: 5 } as never);
    expect(merged).toEqual({ theirs: 1, mine: 2, cookie: { maxAge: 5 } });
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect((merged as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
