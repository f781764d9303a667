import type { INestApplication } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeComponentClients, connectComponent, connectSocket, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { board } from './fixtures/board.component.js';
import { Browser } from './fixtures/browser.js';
import { startNode } from './fixtures/cluster-node.js';
import { deleteKeys, REDIS_URL, redisAvailable, testPrefix } from './fixtures/redis-env.js';
import { TcpBalancer } from './fixtures/tcp-balancer.js';

const NAMESPACE = '/board/1.0.0/board';

/** Three nodes behind a round-robin balancer without sticky sessions; `down` are skipped by it. */
function clusterBehindBalancer(cluster: Parameters<typeof startNode>[0]['cluster']) {
  const state = { nodes: [] as INestApplication[], ports: [] as number[], down: new Set<number>(), balancer: undefined as unknown as TcpBalancer, url: '' };
  const prefix = testPrefix();
  beforeAll(async () => {
    state.nodes = await Promise.all(['a', 'b', 'c'].map((name) => startNode({ name, redisUrl: REDIS_URL, keyPrefix: prefix, cluster })));
    state.ports = state.nodes.map((node) => (node.getHttpServer().address() as { port: number }).port);
    state.balancer = new TcpBalancer(() => state.ports.filter((port) => !state.down.has(port)));
    state.url = await state.balancer.listen();
  });
  afterEach(() => {
    closeComponentClients();
    state.down.clear();
  });
  afterAll(async () => {
    await state.balancer?.close();
    await Promise.all(state.nodes.map((node) => node.close()));
    await deleteKeys(prefix);
  });
  return state;
}

/** Connects through the balancer; the client reconnects by itself, wherever the balancer sends it. */
function connectThrough(url: string, cookie?: string): Promise<Socket> {
  return connectSocket(`${url}${NAMESPACE}`, { cookie, client: { reconnection: true, reconnectionDelay: 100, randomizationFactor: 0 } });
}

/** Takes the client's node out of the balancer and drops its connections, as when that node goes away. */
async function loseNode(state: ReturnType<typeof clusterBehindBalancer>, client: Socket): Promise<string> {
  const { node } = await emitWithAck(client, 'whoami');
  const port = state.ports[['a', 'b', 'c'].indexOf(node)]!;
  state.down.add(port);
  const disconnected = new Promise((resolve) => client.once('disconnect', resolve));
  state.balancer.cut(port);
  await disconnected;
  return node;
}

describe.skipIf(!redisAvailable)('a client that loses its node (websocket, no sticky sessions)', () => {
  describe('with connection state recovery (streams adapter, the default)', () => {
    const state = clusterBehindBalancer({});

    it('carries on on another node with the same id, its rooms and its session', async () => {
      const browser = new Browser();
      await browser.request(state.nodes[0]!, 'POST', '/session/name', { value: 'Ada' });
      const client = await connectThrough(state.url, browser.cookie);
      await expect(nextEvent(client, 'hello')).resolves.toMatchObject({ recovered: false });
      await emitWithAck(client, 'join', 'lobby');
      const before = await emitWithAck(client, 'whoami');
      // Recovery starts from the last broadcast the client got: give it one.
      const speaker = await connectComponent(state.nodes[2]!, board);
      await emitWithAck(speaker, 'say', { room: 'lobby', text: 'welcome' });
      await nextEvent(client, 'said');

      const lost = await loseNode(state, client);
      const hello = await nextEvent(client, 'hello', 5_000);
      const after = await emitWithAck(client, 'whoami');

      expect(hello.recovered).toBe(true);
      expect(after.node).not.toBe(lost);
      expect(after).toMatchObject({ id: before.id, rooms: ['lobby'] });
      await expect(emitWithAck(client, 'get', 'name')).resolves.toMatchObject({ value: 'Ada' });
    });

    it('gets the room messages sent while it was away, in order', async () => {
      const client = await connectThrough(state.url);
      await emitWithAck(client, 'join', 'news');
      const speaker = await connectComponent(state.nodes[0]!, board);
      await emitWithAck(speaker, 'say', { room: 'news', text: 'before' });
      await expect(nextEvent(client, 'said')).resolves.toMatchObject({ text: 'before' });

      client.io.reconnectionDelay(500); // away long enough for the messages below
      await loseNode(state, client);
      for (const text of ['one', 'two', 'three']) await emitWithAck(speaker, 'say', { room: 'news', text });

      const missed = [];
      for (let i = 0; i < 3; i++) missed.push((await nextEvent(client, 'said', 5_000)).text);
      expect(missed).toEqual(['one', 'two', 'three']);
    });
  });

  describe('without recovery', () => {
    const state = clusterBehindBalancer({ recovery: false });

    it('comes back on another node as a new socket that still has its session, and gets room messages once it re-joined', async () => {
      const browser = new Browser();
      await browser.request(state.nodes[1]!, 'POST', '/session/name', { value: 'Grace' });
      const client = await connectThrough(state.url, browser.cookie);
      await nextEvent(client, 'hello');
      await emitWithAck(client, 'join', 'lobby');
      const before = await emitWithAck(client, 'whoami');

      const lost = await loseNode(state, client);
      await expect(nextEvent(client, 'hello', 5_000)).resolves.toMatchObject({ recovered: false });
      const after = await emitWithAck(client, 'whoami');
      expect(after.node).not.toBe(lost);
      expect(after.id).not.toBe(before.id);
      expect(after.rooms).toEqual([]);
      await expect(emitWithAck(client, 'get', 'name')).resolves.toMatchObject({ value: 'Grace' });

      await emitWithAck(client, 'join', 'lobby');
      const speaker = await connectComponent(state.nodes[['a', 'b', 'c'].indexOf(lost)]!, board);
      await emitWithAck(speaker, 'say', { room: 'lobby', text: 'again' });
      await expect(nextEvent(client, 'said')).resolves.toMatchObject({ text: 'again' });
    });
  });
});
