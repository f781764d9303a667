import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type PresenceDiffPayload, type PresenceStatePayload, RainPresenceService, RainSocketsModule, RainSocketsRegistry } from 'rain-sockets';
import { closeApps, connectComponent, connectSocket, nextEvent, startNodes, spawnNode, testRedis } from 'rain-sockets/testing';
import { LobbyComponent } from './fixtures/lobby.component.js';
import { type AdapterKind, redisAdapter } from './fixtures/redis-adapters.js';
import { withoutRefs } from './fixtures/strip-refs.js';
import { FROM_SOURCE } from '../support/from-source.js';

const redisUrl = await testRedis();
const lobby = { id: 'lobby', version: '1.0.0', channel: 'presence' };
// Short, so that a dead node is noticed within about a second; long enough that a busy machine's pauses are not taken for deaths.
const HEARTBEAT = 100;
const NODE_TIMEOUT = 1_000;

describe.skipIf(!redisUrl).each<AdapterKind>(['pubsub', 'streams'])('presence across nodes on the %s Redis adapter', (kind) => {
  const clients: { quit(): Promise<unknown>; isOpen: boolean }[] = [];

  async function start(count: number, nodeTimeout = NODE_TIMEOUT) {
    return startNodes(count, async ({ redisUrl: url, keyPrefix }) => {
      const { adapter, clients: own } = await redisAdapter(kind, url, keyPrefix);
      clients.push(...own);
      return Test.createTestingModule({
        imports: [
          RainSocketsModule.forRoot({ socketIo: { adapter }, presence: { heartbeatInterval: HEARTBEAT, nodeTimeout } }),
          LobbyComponent,
        ],
      });
    });
  }

  afterEach(async () => {
    await closeApps();
    await Promise.all(clients.splice(0).map((client) => client.isOpen && client.quit()));
  });
  afterAll(closeApps);

  const listOn = (app: INestApplication) =>
    withoutRefs(app.get(RainPresenceService).list(app.get(RainSocketsRegistry).server('lobby', '1.0.0', 'presence')));
  const join = (app: INestApplication, user: string, device = 'web') => connectComponent(app, lobby, { auth: { user, device } });
  const nextDiff = async (socket: Parameters<typeof nextEvent>[0], ms = 2_000) => {
    const diff = await nextEvent<PresenceDiffPayload>(socket, 'presence_diff', ms);
    return { joins: withoutRefs(diff.joins), leaves: withoutRefs(diff.leaves) };
  };

  it('shows a user on one node to the users of the other, both ways, and lists everyone on every node', async () => {
    const { apps: [a, b] } = await start(2);
    const ann = await join(a!, 'ann');
    await expect.poll(() => listOn(b!)).toEqual({ ann: [{ device: 'web' }] });

    const bob = await join(b!, 'bob');
    expect(withoutRefs((await nextEvent<PresenceStatePayload>(bob, 'presence_state')).presences)).toEqual({
      ann: [{ device: 'web' }],
      bob: [{ device: 'web' }],
    });
    expect(await nextDiff(ann)).toEqual({ joins: { bob: [{ device: 'web' }] }, leaves: {} });
    await expect.poll(() => listOn(a!)).toEqual({ ann: [{ device: 'web' }], bob: [{ device: 'web' }] });

    bob.disconnect();
    expect(await nextDiff(ann)).toEqual({ joins: {}, leaves: { bob: [{ device: 'web' }] } });
    await expect.poll(() => listOn(a!)).toEqual({ ann: [{ device: 'web' }] });
  });

  it('keeps one key for a user with a tab on each node', async () => {
    const { apps: [a, b] } = await start(2);
    const laptop = await join(a!, 'ann', 'laptop');
    await expect.poll(() => listOn(b!)).toEqual({ ann: [{ device: 'laptop' }] });
    const phone = await join(b!, 'ann', 'phone');
    expect(await nextDiff(laptop)).toEqual({ joins: { ann: [{ device: 'phone' }] }, leaves: {} });
    for (const app of [a!, b!]) {
      await expect.poll(() => listOn(app)).toEqual({ ann: [{ device: 'laptop' }, { device: 'phone' }] });
    }
    laptop.disconnect();
    expect(await nextDiff(phone)).toEqual({ joins: {}, leaves: { ann: [{ device: 'laptop' }] } });
  });

  it('gives a node that starts later the presences of the nodes already running', async () => {
    const first = await start(1);
    await join(first.apps[0]!, 'ann');
    await join(first.apps[0]!, 'bob');
    // Same cluster: the third node shares the first one's Redis key.
    const { adapter, clients: own } = await redisAdapter(kind, redisUrl!, first.keyPrefix);
    clients.push(...own);
    const late = await startNodes(1, () =>
      Test.createTestingModule({
        imports: [RainSocketsModule.forRoot({ socketIo: { adapter }, presence: { heartbeatInterval: HEARTBEAT, nodeTimeout: NODE_TIMEOUT } }), LobbyComponent],
      }),
    );
    await expect.poll(() => listOn(late.apps[0]!)).toEqual({ ann: [{ device: 'web' }], bob: [{ device: 'web' }] });
  });

  it('removes the presences of a node that shuts down, without waiting for its timeout', async () => {
    // A timeout far longer than the wait for the leave: only the goodbye can explain it.
    const nodes = await start(2, 60_000);
    const [a, b] = nodes.apps;
    const ann = await join(a!, 'ann');
    await join(b!, 'bob');
    expect(await nextDiff(ann)).toEqual({ joins: { bob: [{ device: 'web' }] }, leaves: {} });
    await b!.close();
    nodes.apps.splice(1, 1);
    expect(await nextDiff(ann)).toEqual({ joins: {}, leaves: { bob: [{ device: 'web' }] } });
    expect(listOn(a!)).toEqual({ ann: [{ device: 'web' }] });
  });

  it('removes the presences of a killed node within nodeTimeout + heartbeatInterval', async () => {
    const { apps: [a], keyPrefix } = await start(1);
    const ann = await join(a!, 'ann');
    const killed = await spawnNode(new URL('./fixtures/lobby-node.entry.ts', import.meta.url), {
      ...FROM_SOURCE,
      env: { ADAPTER: kind, REDIS_URL: redisUrl!, KEY_PREFIX: keyPrefix, HEARTBEAT: String(HEARTBEAT), NODE_TIMEOUT: String(NODE_TIMEOUT) },
    });
    const kay = await connectSocket(`${killed.url}/lobby/1.0.0/presence`, { auth: { user: 'kay', device: 'tablet' } });
    expect(await nextDiff(ann)).toEqual({ joins: { kay: [{ device: 'tablet' }] }, leaves: {} });

    await killed.kill();
    const killedAt = Date.now();
    // Generous for a loaded machine; the bound itself is logged, not asserted.
    expect(await nextDiff(ann, 5_000)).toEqual({ joins: {}, leaves: { kay: [{ device: 'tablet' }] } });
    console.info(`[presence] ${kind}: a killed node's presence left after ${Date.now() - killedAt} ms (bound ${NODE_TIMEOUT + HEARTBEAT} ms)`);
    expect(listOn(a!)).toEqual({ ann: [{ device: 'web' }] });
    expect(kay.connected).toBe(false);
  });
});
