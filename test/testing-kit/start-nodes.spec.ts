import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { RainSocketsModule, RainSocketsRegistry } from 'rain-sockets';
import { type TestNode, closeApps, connectComponent, nextEvent, noEvent, startNodes, testRedis } from 'rain-sockets/testing';
import { type RedisAdapterSetup, redisAdapter } from '../presence/fixtures/redis-adapters.js';
import { type ChatEvents, ChatModule } from './fixtures/chat.module.js';

const chat = { id: 'chat', version: '1.0.0', channel: 'chat' };

describe.skipIf(!(await testRedis()))('startNodes: several nodes against one Redis', () => {
  const clients: RedisAdapterSetup['clients'] = [];

  afterEach(async () => {
    await closeApps();
    await Promise.all(clients.splice(0).map((client) => client.isOpen && client.quit()));
  });

  const node = async ({ redisUrl, keyPrefix }: TestNode) => {
    const setup = await redisAdapter('pubsub', redisUrl, keyPrefix);
    clients.push(...setup.clients);
    return Test.createTestingModule({ imports: [RainSocketsModule.forRoot({ socketIo: { adapter: setup.adapter } }), ChatModule] });
  };

  it('starts nodes that reach each other, each on its own port, and keeps two clusters apart', async () => {
    const cluster = await startNodes(2, node);
    const other = await startNodes(1, node);
    expect(new Set(await Promise.all([...cluster.apps, ...other.apps].map((app) => app.getUrl()))).size).toBe(3);
    expect(cluster.keyPrefix).not.toBe(other.keyPrefix);

    const onSecond = await connectComponent<ChatEvents>(cluster.apps[1]!, chat);
    const elsewhere = await connectComponent<ChatEvents>(other.apps[0]!, chat);
    const heard = nextEvent(onSecond, 'message');
    const notHeard = noEvent(elsewhere, 'message', 300);
    cluster.apps[0]!.get(RainSocketsRegistry).server('chat', '1.0.0', 'chat').emit('message', { from: 'node 0', text: 'hi' });
    await expect(heard).resolves.toEqual({ from: 'node 0', text: 'hi' });
    await notHeard;
  });
});
