import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { RainSocketsModule, RainSocketsRegistry } from 'rain-sockets';
import { type TestNode, closeApps, connectComponent, nextEvent, noEvent, sessionCookie, startNodes, testRedis } from 'rain-sockets/testing';
import { type ChatEvents, ChatModule } from './fixtures/chat.module.js';

const chat = { id: 'chat', version: '1.0.0', channel: 'chat' };

describe.skipIf(!(await testRedis()))('startNodes: several nodes against one Redis', () => {
  afterEach(closeApps);

  const node = ({ redisUrl, keyPrefix }: TestNode) =>
    Test.createTestingModule({ imports: [RainSocketsModule.forRoot({ cluster: { redis: { url: redisUrl }, keyPrefix } }), ChatModule] });

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

  it('lets a session made on one node be used on the other', async () => {
    const { apps: [a, b] } = await startNodes(2, ({ redisUrl, keyPrefix }) =>
      Test.createTestingModule({
        imports: [RainSocketsModule.forRoot({ cluster: { redis: { url: redisUrl }, keyPrefix }, session: { secret: 'shared' } }), ChatModule],
      }),
    );
    const cookie = await sessionCookie(a!, { user: 'ann' });
    const onB = await connectComponent<ChatEvents>(b!, chat, { cookie });
    expect(await nextEvent(onB, 'hello')).toEqual({ message: 'Hello ann!' });
  });
});
