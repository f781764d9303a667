import { describe, expect, it } from 'vitest';
import { ActivityTable } from './activity-table.js';

// The table's selection has logic of its own (a bounded heap), so it gets a unit test.
function picked(table: ActivityTable<string>, cutoff: number, limit: number): string[] {
  const count = table.longestIdle(cutoff, limit);
  return Array.from({ length: count }, (_, i) => table.owner(table.pickedSlot(i))!);
}

describe('ActivityTable', () => {
  it('picks the owners idle before the cutoff, oldest first, at most limit', () => {
    const table = new ActivityTable<string>(4);
    const times = [50, 10, 90, 30, 70, 20, 60, 40, 80];
    times.forEach((at) => table.add(`t${at}`, at));
    expect(picked(table, 65, 3)).toEqual(['t10', 't20', 't30']);
    expect(picked(table, 65, 100)).toEqual(['t10', 't20', 't30', 't40', 't50', 't60']);
    expect(picked(table, 10, 5)).toEqual([]);
    expect(picked(table, 1_000, 0)).toEqual([]);
  });

  it('matches a full sort on random times, for many limits', () => {
    const table = new ActivityTable<number>(8);
    const times = Array.from({ length: 500 }, (_, i) => ({ i, at: Math.floor(Math.random() * 1_000) }));
    for (const { i, at } of times) table.add(i, at);
    for (const limit of [1, 2, 7, 64, 499, 500]) {
      const count = table.longestIdle(600, limit);
      const got = Array.from({ length: count }, (_, k) => table.lastActiveAt(table.pickedSlot(k)));
      const expected = times.map((t) => t.at).filter((at) => at < 600).sort((a, b) => a - b).slice(0, limit);
      expect(got).toEqual(expected);
    }
  });

  it('forgets removed owners, reuses their slots, and follows touches', () => {
    const table = new ActivityTable<string>(2);
    const a = table.add('a', 1);
    const b = table.add('b', 2);
    table.add('c', 3);
    table.remove(a);
    table.remove(a); // twice is harmless
    expect(table.size).toBe(2);
    expect(picked(table, 100, 10)).toEqual(['b', 'c']);
    expect(table.add('d', 0)).toBe(a);
    table.touch(b, 50);
    expect(picked(table, 100, 10)).toEqual(['d', 'c', 'b']);
    expect(table.hasIdle(0)).toBe(false);
    expect(table.hasIdle(1)).toBe(true);
  });
});
