import { type Session, type SessionData, Store } from 'express-session';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionSnapshot } from './session-fields.js';
import { LOADED_SNAPSHOT } from './session-keys.js';
import { offerMerging, type RestoreOutcome, type SessionCopy, type SessionMerging } from './session-merging.js';
import { newSessionStats } from './session-stats.js';
import { SessionStoreCoordinator } from './session-store.coordinator.js';
import { REDO_DESTROYS_WINDOW, SessionWriteBack, WRITE_BACK_TRIES } from './session-write-back.js';

/** A merging store that records what is destroyed and written back; `gone` ids answer as destroyed. */
class RecordingStore extends Store {
  readonly destroyed: string[] = [];
  readonly restored: [string, SessionCopy][] = [];
  readonly gone = new Set<string>();
  /** Write-backs that fail before one succeeds. */
  failures = 0;

  constructor() {
    super();
    const merging: SessionMerging = {
      notifying: true,
      load: async () => undefined,
      replace: async () => 1,
      merge: async () => ({ merged: false }),
      refreshExpiry: async () => true,
      restore: async (sid, copy): Promise<RestoreOutcome> => {
        if (this.failures > 0 && this.failures--) throw new Error('Redis did not answer');
        this.restored.push([sid, copy]);
        return this.gone.has(sid) ? { destroyed: true } : { destroyed: false, restored: copy.keys.size };
      },
      onChanged: () => undefined,
      onRecovered: () => undefined,
    };
    offerMerging(this, merging);
  }

  override get(_sid: string, callback: (error: unknown, data?: SessionData | null) => void) {
    callback(null, null);
  }
  override set(_sid: string, _data: SessionData, callback?: (error?: unknown) => void) {
    callback?.();
  }
  override destroy(sid: string, callback?: (error?: unknown) => void) {
    this.destroyed.push(sid);
    callback?.();
  }
}

function setup() {
  const store = new RecordingStore();
  const stats = newSessionStats();
  const coordinator = new SessionStoreCoordinator(store, undefined, stats);
  const writeBack = new SessionWriteBack(coordinator, coordinator.merging!, stats);
  /** A copy of session `sid` as a socket of this node holds it, loaded with these keys and versions. */
  const copy = (sid: string, keys: Record<string, [unknown, number]>): Session => {
    const snapshot: SessionSnapshot = {
      keys: new Map(Object.entries(keys).map(([key, [value, version]]) => [key, { json: JSON.stringify(value), version }])),
      version: Math.max(0, ...Object.values(keys).map(([, version]) => version)),
    };
    const data = { ...Object.fromEntries(Object.entries(keys).map(([key, [value]]) => [key, value])), cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) } };
    (data as Record<symbol, unknown>)[LOADED_SNAPSHOT] = snapshot;
    return store.createSession({ sessionID: sid } as never, data as never) as Session;
  };
  return { store, stats, writeBack, copy };
}

describe('SessionWriteBack', () => {
  afterEach(() => vi.useRealTimers());

  it('tries a failed write-back again, waiting longer each time, until it is done', async () => {
    vi.useFakeTimers();
    const { store, writeBack, copy } = setup();
    store.failures = 2;
    const waits: (number | undefined)[] = [];
    const live = copy('live', { a: [1, 5] });
    const done = writeBack.recoverPatiently(Date.now(), () => new Map([['live', [live]]]), (_error, retryIn) => waits.push(retryIn), () => true);
    await vi.advanceTimersByTimeAsync(499);
    expect(store.restored).toEqual([]);
    await vi.advanceTimersByTimeAsync(1 + 1_000);
    await expect(done).resolves.toEqual([]);
    expect(waits).toEqual([500, 1_000]);
    expect(store.restored.map(([sid]) => sid)).toEqual(['live']);
  });

  it('gives up after the last try, or once the node closes', async () => {
    vi.useFakeTimers();
    const { store, writeBack, copy } = setup();
    store.failures = 100;
    const waits: (number | undefined)[] = [];
    const done = writeBack.recoverPatiently(Date.now(), () => new Map([['s', [copy('s', { a: [1, 1] })]]]), (_e, retryIn) => waits.push(retryIn), () => true);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(done).resolves.toEqual([]);
    expect(waits).toHaveLength(WRITE_BACK_TRIES + 1);
    expect(waits.at(-1)).toBeUndefined();

    let open = true;
    const closing = writeBack.recoverPatiently(Date.now(), () => new Map([['s', [copy('s', { a: [1, 1] })]]]), (_e, retryIn) => waits.push(retryIn), () => open);
    open = false;
    await vi.advanceTimersByTimeAsync(0);
    await expect(closing).resolves.toEqual([]);
  });

  it('destroys again what this node destroyed shortly before the store was lost, before it writes anything back', async () => {
    const { store, writeBack, copy } = setup();
    const lostAt = Date.now();
    writeBack.remember('long-ago', lostAt - REDO_DESTROYS_WINDOW - 1);
    writeBack.remember('just-before', lostAt - 1_000);

    const destroyed = await writeBack.recover(lostAt, new Map([['live', [copy('live', { a: [1, 5] })]]]));

    expect(store.destroyed).toEqual(['just-before']);
    expect(store.restored.map(([sid]) => sid)).toEqual(['live']);
    expect(destroyed).toEqual([]);
  });

  it('never writes back a session this node destroyed, and reports the ones the store says were destroyed', async () => {
    const { store, writeBack, copy } = setup();
    writeBack.remember('mine');
    store.gone.add('theirs');
    const destroyed = await writeBack.recover(Date.now(), new Map([
      ['mine', [copy('mine', { a: [1, 1] })]],
      ['theirs', [copy('theirs', { a: [1, 1] })]],
    ]));
    expect(store.restored.map(([sid]) => sid)).toEqual(['theirs']);
    expect(destroyed.sort()).toEqual(['mine', 'theirs']);
  });

  it("joins this node's copies of a session per key, the newest version of each", async () => {
    const { store, stats, writeBack, copy } = setup();
    const older = copy('s', { shared: ['old', 3], onlyOld: [1, 2] });
    const newer = copy('s', { shared: ['new', 7], onlyNew: [2, 6] });
    await expect(writeBack.writeBack('s', [older, newer])).resolves.toBe('restored');
    const [, written] = store.restored[0]!;
    expect(Object.fromEntries([...written.keys].map(([key, stored]) => [key, [stored.json, stored.version]]))).toEqual({
      shared: ['"new"', 7],
      onlyOld: ['1', 2],
      onlyNew: ['2', 6],
    });
    expect(written.version).toBe(7);
    expect(stats.writeBacks).toBe(1);
  });
});
