import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { closeApps, closeComponentClients, connectSocket, emitWithAck, nextEvent, type NodeProcess, spawnNode } from 'rain-sockets/testing';
import { deleteKeys, REDIS_URL, redisAvailable, testPrefix } from './fixtures/redis-env.js';
import { TcpBalancer } from './fixtures/tcp-balancer.js';
import { FROM_SOURCE } from '../support/from-source.js';

const FEED = '/board/1.0.0/feed';
const HEARTBEAT_INTERVAL = 200;

describe.skipIf(!redisAvailable)('a node that is killed (kill -9, three nodes in processes of their own)', () => {
  const prefix = testPrefix();

  afterAll(async () => {
    closeComponentClients();
    await closeApps();
    await deleteKeys(prefix);
  });

  it('has its sockets recover on the other nodes (same ids, same rooms), and no member list or count keeps its ghosts', async () => {
    const names = ['a', 'b', 'c'];
    const nodes: NodeProcess[] = await Promise.all(
      names.map((name) =>
        spawnNode(new URL('./fixtures/node.entry.ts', import.meta.url), {
          ...FROM_SOURCE,
          env: { NODE_NAME: name, REDIS_URL, KEY_PREFIX: prefix, HEARTBEAT_INTERVAL: String(HEARTBEAT_INTERVAL) },
          startTimeout: 60_000,
        }),
      ),
    );
    const ports = nodes.map((node) => Number(new URL(node.url).port));
    const dead = new Set<number>();
    const balancer = new TcpBalancer(() => ports.filter((port) => !dead.has(port)));
    const entry = await balancer.listen();

    try {
      // Six clients spread over the nodes by the balancer; each joins the room again whenever it (re)connects.
      const clients: Socket[] = [];
      for (let i = 0; i < 6; i++) {
        const client = await connectSocket(`${entry}${FEED}`, { client: { reconnection: true, reconnectionDelay: 100, randomizationFactor: 0 } });
        await emitWithAck(client, 'join', 'all');
        client.on('connect', () => client.emit('join', 'all'));
        clients.push(client);
      }
      const observer = await connectSocket(`${nodes[0]!.url}${FEED}`);
      const where = await Promise.all(clients.map(async (client) => ({ client, id: client.id!, node: (await emitWithAck(client, 'say', { room: 'none', text: '' })).node })));
      const onC = where.filter((entry) => entry.node === 'c');
      expect(onC).toHaveLength(2);
      await expect(emitWithAck(observer, 'members', 'all')).resolves.toHaveLength(6);
      await expect(emitWithAck(observer, 'census')).resolves.toEqual({ connections: 7, nodes: 3 });

      const dropped = onC.map(({ client }) => new Promise((resolve) => client.once('disconnect', resolve)));
      dead.add(ports[2]!);
      await nodes[2]!.kill();
      await Promise.all(dropped);

      // c's clients are back, on a or b: recovered (their records were in Redis before c died), rooms included.
      await expect.poll(() => onC.every(({ client }) => client.connected), { timeout: 5_000 }).toBe(true);
      for (const { client, id } of onC) expect({ id: client.id, recovered: client.recovered }).toEqual({ id, recovered: true });
      await expect
        .poll(async () => (await emitWithAck(observer, 'members', 'all')).sort(), { timeout: 5_000 })
        .toEqual(clients.map((client) => client.id).sort());
      for (const { client } of onC) expect((await emitWithAck(client, 'say', { room: 'none', text: '' })).node).not.toBe('c');

      // c's record expires within 3 heartbeats: its connections are no longer counted.
      await expect.poll(() => emitWithAck(observer, 'census'), { timeout: 5_000 }).toEqual({ connections: 7, nodes: 2 });

      // And the room still reaches everyone, moved clients included.
      await emitWithAck(observer, 'say', { room: 'all', text: 'still here' });
      for (const client of clients) await expect(nextEvent(client, 'said')).resolves.toMatchObject({ text: 'still here' });
    } finally {
      await balancer.close();
    }
    // Three node processes compile the library's sources as they start: slow on a busy machine.
  }, 90_000);
});
