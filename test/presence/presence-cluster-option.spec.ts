import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type PresenceDiffPayload, RainPresenceService, RainSocketsModule, RainSocketsRegistry } from 'rain-sockets';
import { closeApps, connectComponent, connectSocket, nextEvent, spawnNode, startNodes, testRedis } from 'rain-sockets/testing';
import { LobbyComponent } from './fixtures/lobby.component.js';
import { withoutRefs } from './fixtures/strip-refs.js';
import { FROM_SOURCE } from '../support/from-source.js';

const redisUrl = await testRedis();
const lobby = { id: 'lobby', version: '1.0.0', channel: 'presence' };
const presence = { heartbeatInterval: 100, nodeTimeout: 1_000 };

describe.skipIf(!redisUrl).each(['streams', 'pubsub'] as const)('presence with the cluster option (%s)', (adapter) => {
  afterEach(closeApps);

  const listOn = (app: INestApplication) =>
    withoutRefs(app.get(RainPresenceService).list(app.get(RainSocketsRegistry).server('lobby', '1.0.0', 'presence')));

  it('is cluster-wide with nothing else to configure, and drops a killed node', async () => {
    const { apps: [a, b], keyPrefix } = await startNodes(2, ({ redisUrl: url, keyPrefix: prefix }) =>
      Test.createTestingModule({
        imports: [RainSocketsModule.forRoot({ cluster: { redis: { url }, keyPrefix: prefix, adapter }, presence }), LobbyComponent],
      }),
    );
    const ann = await connectComponent(a!, lobby, { auth: { user: 'ann' } });
    await expect.poll(() => listOn(b!)).toEqual({ ann: [{}] });
    await connectComponent(b!, lobby, { auth: { user: 'bob' } });
    await expect.poll(() => listOn(a!)).toEqual({ ann: [{}], bob: [{}] });

    const killed = await spawnNode(new URL('./fixtures/lobby-cluster-node.entry.ts', import.meta.url), {
      ...FROM_SOURCE,
      env: { REDIS_URL: redisUrl!, KEY_PREFIX: keyPrefix, ADAPTER: adapter },
    });
    await connectSocket(`${killed.url}/lobby/1.0.0/presence`, { auth: { user: 'kay' } });
    await expect.poll(() => listOn(a!)).toEqual({ ann: [{}], bob: [{}], kay: [{}] });
    await killed.kill();
    const leave = async () => {
      for (;;) {
        const diff = await nextEvent<PresenceDiffPayload>(ann, 'presence_diff', 5_000);
        if (diff.leaves.kay) return withoutRefs(diff.leaves);
      }
    };
    await expect(leave()).resolves.toEqual({ kay: [{}] });
    await expect.poll(() => listOn(b!)).toEqual({ ann: [{}], bob: [{}] });
  });
});
