import { describe, expect, it } from 'vitest';
import { RecentBroadcasts } from './recent-broadcasts.js';

const entry = (id: string, rooms: string[], at = 0, except: string[] = []) => ({
  id,
  data: ['said', id, id],
  rooms: new Set(rooms),
  except: new Set(except),
  at,
});

describe('RecentBroadcasts', () => {
  it('gives the entries after an id that reach a socket of these rooms, in order', () => {
    const recent = new RecentBroadcasts(10, 60_000);
    recent.add(entry('1-0', ['a']));
    recent.add(entry('2-0', ['b']));
    recent.add(entry('3-0', []));
    recent.add(entry('4-0', ['a'], 0, ['me']));
    recent.add(entry('10-0', ['a', 'b']));
    expect(recent.after('1-0', new Set(['a', 'other']))).toEqual([
      ['said', '3-0', '3-0'],
      ['said', '4-0', '4-0'],
      ['said', '10-0', '10-0'],
    ]);
    expect(recent.after('2-0', new Set(['a', 'me']))).toEqual([
      ['said', '3-0', '3-0'],
      ['said', '10-0', '10-0'],
    ]);
  });

  it('says so when an entry after the id may have been dropped (by count or age)', () => {
    const recent = new RecentBroadcasts(2, 1_000);
    recent.add(entry('1-0', [], 0));
    recent.add(entry('2-0', [], 0));
    recent.add(entry('3-0', [], 0));
    expect(recent.after('0-5', new Set())).toBeUndefined();
    expect(recent.after('1-0', new Set())).toEqual([
      ['said', '2-0', '2-0'],
      ['said', '3-0', '3-0'],
    ]);
    recent.add(entry('4-0', [], 2_000));
    expect(recent.size).toBe(1);
    expect(recent.after('2-0', new Set())).toBeUndefined();
    expect(recent.after('3-0', new Set())).toEqual([['said', '4-0', '4-0']]);
  });
});
