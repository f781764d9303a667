import { randomUUID } from 'node:crypto';
import * as redisModule from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testRedis } from '../testing/test-redis.js';
import type { SessionCopy } from '../session/session-merging.js';
import { ClusterRedis } from './cluster-redis.js';
import { resolveClusterSettings } from './cluster-settings.js';
import { RedisSessionStore } from './redis-session-store.js';
import type { SessionScriptsClient } from './redis-session.scripts.js';

const url = await testRedis();
/** The data's own keys (without the snapshot the store attaches for the coordinator). */
const plain = (data: object | undefined) => data && Object.fromEntries(Object.entries(data));
const COOKIE = JSON.stringify({ originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000).toISOString(), httpOnly: true, path: '/' });
const TTL = 60_000;

/** Two nodes' session stores on the shared Redis, under a prefix of this run's own. */
describe.skipIf(!url)('the cluster session store (Redis)', () => {
  const prefix = `rain-test:${randomUUID().slice(0, 12)}:`;
  const connections: ClusterRedis[] = [];
  let a: RedisSessionStore;
  let b: RedisSessionStore;

  async function node(): Promise<RedisSessionStore> {
    const redis = new ClusterRedis(resolveClusterSettings({ cluster: { redis: { url: url! }, keyPrefix: prefix } })!, redisModule);
    const { client, notifies } = redis.sessions();
    await redis.connect();
    connections.push(redis);
    return new RedisSessionStore(client as unknown as SessionScriptsClient, `${prefix}sess:`, `${prefix}sess-destroyed:`, 2_000, notifies);
  }

  /** A session written whole, as express-session writes a new one. */
  function create(store: RedisSessionStore, sid: string, data: Record<string, unknown>): Promise<void> {
    const session = { ...data, cookie: JSON.parse(COOKIE) };
    return new Promise((resolve, reject) => store.set(sid, session as never, (error) => (error ? reject(error) : resolve())));
  }

  const key = (json: string | undefined, seen = 0) => ({ json, seen });
  const merge = (store: RedisSessionStore, sid: string, changes: Record<string, { json: string | undefined; seen: number }>) =>
    store.merge(sid, { changes: Object.entries(changes).map(([name, change]) => ({ key: name, ...change })), cookie: COOKIE, ttlMs: TTL });

  beforeAll(async () => {
    [a, b] = [await node(), await node()];
  });

  afterAll(async () => {
    const cleaner = connections[0]!.store;
    for await (const keys of cleaner.scanIterator({ MATCH: `${prefix}*` })) if (keys.length) await cleaner.del(keys);
    await Promise.all(connections.map((redis) => redis.close()));
  });

  it('reports changes by other writers (node-redis emitInvalidate, Redis 7 tracking what scripts read)', async () => {
    await vi.waitFor(() => expect(a.notifying).toBe(true));
  });

  it('reads a session connect-redis stored as one string, and keeps it as a hash from then on', async () => {
    const sid = randomUUID();
    const legacy = { cookie: JSON.parse(COOKIE), user: 'ada', cart: [1, 2] };
    await connections[0]!.store.set(`${prefix}sess:${sid}`, JSON.stringify(legacy));
    expect(plain((await a.load(sid))?.data)).toEqual(legacy);
    await expect(merge(b, sid, { cart: key('[3]') })).resolves.toMatchObject({ merged: true });
    expect(plain((await a.load(sid))?.data)).toEqual({ ...legacy, cart: [3] });
  });

  it('merges the keys each writer changed, whatever the other writers changed meanwhile', async () => {
    const sid = randomUUID();
    await create(a, sid, { shared: 'start' });
    await Promise.all([merge(a, sid, { fromA: key('1') }), merge(b, sid, { fromB: key('2') }), merge(a, sid, { shared: key(undefined, 0) })]);
    const loaded = await b.load(sid);
    expect(loaded?.data).toMatchObject({ fromA: 1, fromB: 2 });
    expect(loaded?.data).not.toHaveProperty('shared');
    expect(loaded?.snapshot.keys.get('shared')?.json).toBeUndefined(); // kept as a deletion mark
  });

  it('lets the last write of a key win, and counts it as a conflict when its writer had not seen the one before', async () => {
    const sid = randomUUID();
    await create(a, sid, { color: 'red' });
    const seen = (await a.load(sid))!.snapshot.keys.get('color')!.version;
    const first = await merge(b, sid, { color: key('"green"', seen) });
    const second = await merge(a, sid, { color: key('"blue"', seen) });
    expect(first).toMatchObject({ merged: true, conflicts: 0 });
    expect(second).toMatchObject({ merged: true, conflicts: 1 });
    expect((await b.load(sid))?.data).toMatchObject({ color: 'blue' });
  });

  it('does not merge into a session that is not there (destroyed, expired or lost)', async () => {
    await expect(merge(a, randomUUID(), { x: key('1') })).resolves.toEqual({ merged: false });
  });

  it("writes back a lost session's copies per key by version, in any order, and never a destroyed one", async () => {
    const sid = randomUUID();
    await create(a, sid, { base: 'b0' });
    await merge(a, sid, { mine: key('"a1"') });
    const older = (await a.load(sid))!.snapshot;
    await merge(b, sid, { mine: key('"b2"', older.keys.get('mine')!.version), gone: key('"x"') });
    await merge(b, sid, { gone: key(undefined, (await b.load(sid))!.snapshot.keys.get('gone')!.version) });
    const newer = (await b.load(sid))!.snapshot;
    const copy = (snapshot: typeof older): SessionCopy => ({ keys: snapshot.keys, version: snapshot.version, cookie: COOKIE, ttlMs: TTL });

    await connections[0]!.store.del(`${prefix}sess:${sid}`); // lost
    await expect(b.restore(sid, copy(newer))).resolves.toMatchObject({ destroyed: false });
    await expect(a.restore(sid, copy(older))).resolves.toEqual({ destroyed: false, restored: 0 }); // older: nothing of it wins
    expect(plain((await a.load(sid))?.data)).toEqual({ base: 'b0', mine: 'b2', cookie: JSON.parse(COOKIE) });

    await connections[0]!.store.del(`${prefix}sess:${sid}`); // lost again; the older copy comes back first this time
    await a.restore(sid, copy(older));
    await b.restore(sid, copy(newer));
    expect(plain((await a.load(sid))?.data)).toEqual({ base: 'b0', mine: 'b2', cookie: JSON.parse(COOKIE) });

    await new Promise<void>((resolve) => a.destroy(sid, () => resolve()));
    await expect(b.restore(sid, copy(newer))).resolves.toEqual({ destroyed: true });
    await expect(a.load(sid)).resolves.toBeUndefined();
  });

  it("tells a node about another node's write to a session it read, and not about its own", async () => {
    const sid = randomUUID();
    await create(a, sid, {});
    const heardA: (string | null)[] = [];
    const heardB: (string | null)[] = [];
    a.onChanged((changed) => heardA.push(changed));
    b.onChanged((changed) => heardB.push(changed));
    await Promise.all([a.load(sid), b.load(sid)]);
    await merge(a, sid, { k: key('1') });
    // Redis sends B the invalidation before it answers B's next command.
    await b.refreshExpiry(randomUUID(), COOKIE, TTL);
    expect(heardB).toEqual([sid]);
    await merge(b, sid, { k: key('2') });
    await a.refreshExpiry(randomUUID(), COOKIE, TTL);
    // A still tracks the key after its own write (the script read it again), and heard nothing of that write.
    expect(heardA).toEqual([sid]);
  });

  it('never lets stored fields named __proto__, constructor or prototype reach the data', async () => {
    const sid = randomUUID();
    await create(a, sid, { fine: 1 });
    const fields = ['__proto__', '1:{"polluted":true}', 'constructor', '1:"x"', 'prototype', '1:"y"'];
    await connections[0]!.store.sendCommand(['HSET', `${prefix}sess:${sid}`, ...fields]);
    const data = (await a.load(sid))!.data as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(data.polluted).toBeUndefined();
    expect(Object.keys(data).sort()).toEqual(['cookie', 'fine']);
  });
});
