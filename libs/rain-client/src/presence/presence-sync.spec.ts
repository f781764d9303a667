import { describe, expect, it } from 'vitest';
import type { PresenceState } from './presence.protocol.js';
import { syncDiff, syncState } from './presence-sync.js';

const meta = (ref: string, fields: Record<string, unknown> = {}) => ({ ...fields, rain_ref: ref });

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    callbacks: {
      join: (key: string, current: unknown, joined: { metas: { rain_ref: string }[] }) =>
        calls.push(`join ${key} ${current ? 'more' : 'new'} ${joined.metas.map((m) => m.rain_ref)}`),
      leave: (key: string, current: { metas: unknown[] }, left: { metas: { rain_ref: string }[] }) =>
        calls.push(`leave ${key} ${current.metas.length ? 'some' : 'gone'} ${left.metas.map((m) => m.rain_ref)}`),
    },
  };
}

describe('presence sync (Phoenix’s algorithm)', () => {
  it('turns a new state into joins and leaves against the current one', () => {
    const { calls, callbacks } = recorder();
    const current: PresenceState = { ann: { metas: [meta('1'), meta('2')] }, bob: { metas: [meta('3')] } };
    const next: PresenceState = { ann: { metas: [meta('2'), meta('4')] }, cat: { metas: [meta('5')] } };
    const state = syncState(current, next, callbacks);
    expect(state).toEqual({ ann: { metas: [meta('2'), meta('4')] }, cat: { metas: [meta('5')] } });
    expect(calls).toEqual(['join ann more 4', 'join cat new 5', 'leave bob gone 3', 'leave ann some 1']);
  });

  it('applies an update (old meta leaves, new joins) keeping the key, and never duplicates a known ref', () => {
    const { calls, callbacks } = recorder();
    const current: PresenceState = { ann: { metas: [meta('1', { away: false })] } };
    const state = syncDiff(current, { joins: { ann: { metas: [meta('2', { away: true }), meta('1', { away: false })] } }, leaves: { ann: { metas: [meta('1')] } } }, callbacks);
    expect(state).toEqual({ ann: { metas: [meta('2', { away: true })] } });
    expect(calls).toEqual(['join ann more 2,1', 'leave ann some 1']);
  });

  it('ignores the leave of a key it does not know and leaves its input untouched', () => {
    const { calls, callbacks } = recorder();
    const current: PresenceState = { ann: { metas: [meta('1')] } };
    const state = syncDiff(current, { joins: {}, leaves: { zed: { metas: [meta('9')] }, ann: { metas: [meta('1')] } } }, callbacks);
    expect(state).toEqual({});
    expect(current).toEqual({ ann: { metas: [meta('1')] } });
    expect(calls).toEqual(['leave ann gone 1']);
  });
});
