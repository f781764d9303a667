import type { INestApplication } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import { closeComponentClients, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { createClient } from 'redis';
import { board } from './fixtures/board.component.js';
import { Browser } from './fixtures/browser.js';
import { type NodeOptions, startNode } from './fixtures/cluster-node.js';
import { OwnRedis, redisServerInstalled } from './fixtures/own-redis.js';
import { deleteKeys, REDIS_URL, redisAvailable, testPrefix } from './fixtures/redis-env.js';

/** Two nodes on one Redis with these options; one browser (one session, one user) talks to both. */
async function twoNodes(prefix: string, rain: NodeOptions['rain'], more: Partial<NodeOptions> = {}): Promise<INestApplication[]> {
  return Promise.all(['a', 'b'].map((name) => startNode({ name, redisUrl: REDIS_URL, keyPrefix: prefix, rain, ...more })));
}

const refusal = (socket: Promise<unknown>) => socket.then(() => 'admitted', (error: { data?: { code?: string } }) => error.data?.code);

async function redisValue(key: string): Promise<string | null> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    return await client.get(key);
  } finally {
    client.destroy();
  }
}

describe.skipIf(!redisAvailable)('limits across the nodes of a cluster', () => {
  let nodes: INestApplication[] = [];
  let prefix = '';

  afterEach(async () => {
    closeComponentClients();
    await Promise.all(nodes.map((node) => node.close()));
    await deleteKeys(prefix);
  });

  it('caps a user’s sockets across all nodes, and gives a place back when one closes', async () => {
    prefix = testPrefix();
    nodes = await twoNodes(prefix, { connectionLimit: { perUser: 2 }, rateLimit: false });
    const browser = new Browser();
    await browser.request(nodes[0]!, 'POST', '/session/name', { value: 'Ada' });
    const cookie = browser.cookie!;

    const first = await connectComponent(nodes[0]!, board, { cookie });
    await connectComponent(nodes[1]!, board, { cookie });
    const refused = await connectComponent(nodes[0]!, board, { cookie }).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      message: 'Too many connections for this user (at most 2).',
      data: { code: 'too_many_connections', details: { scope: 'user', limit: 2 } },
    });
    await expect(connectComponent(nodes[1]!, board, { cookie })).rejects.toMatchObject({ data: { code: 'too_many_connections' } });

    first.disconnect();
    await expect.poll(async () => (await connectComponent(nodes[1]!, board, { cookie }).then(() => 'admitted', () => 'refused'))).toBe('admitted');
  });

  it('counts a user’s events against one budget on every node', async () => {
    prefix = testPrefix();
    // 5 events per 50 s window (burst 5, 0.1 per second), per user, cluster-wide.
    nodes = await twoNodes(prefix, { rateLimit: { perConnection: false, perUser: { burst: 5, perSecond: 0.1 } } });
    const browser = new Browser();
    await browser.request(nodes[0]!, 'POST', '/session/name', { value: 'Grace' });
    const cookie = browser.cookie!;
    const { id: sessionId } = (await browser.request(nodes[0]!, 'GET', '/session')).body as { id: string };

    const onA = await connectComponent(nodes[0]!, board, { cookie });
    for (let i = 0; i < 5; i++) await expect(emitWithAck(onA, 'whoami')).resolves.toMatchObject({ node: 'a' });
    // Node a has taken them from the user's budget in Redis (a lease ahead, the last one on credit).
    await expect.poll(async () => Number(await redisValue(`${prefix}rate:user:${sessionId}`))).toBeGreaterThanOrEqual(5);

    // On node b, whose own bucket is full, the user has nothing left.
    const onB = await connectComponent(nodes[1]!, board, { cookie });
    const answer = await emitWithAck(onB, 'whoami');
    expect(answer).toMatchObject({ status: 'error', code: 'rate_limited', event: 'whoami', details: { scope: 'user' } });
    expect(answer.details.retryAfter).toBeGreaterThan(40_000);
    expect(answer.message).toBe(`Too many events (user limit); retry in ${answer.details.retryAfter} ms.`);
  });

  it.skipIf(!redisServerInstalled())('falls back to each node’s own cap while Redis is away, and says so once', async () => {
    prefix = testPrefix();
    const redis = await OwnRedis.start();
    const logs: string[] = [];
    try {
      const options = { session: false as const, rateLimit: false as const, connectionLimit: { perUser: false as const, perAddress: 1 } };
      nodes = await Promise.all(
        ['a', 'b'].map((name) => startNode({ name, redisUrl: redis.url, keyPrefix: prefix, rain: options, cluster: { commandTimeout: 300 }, logs })),
      );
      await connectComponent(nodes[0]!, board);
      // One socket per address across the cluster.
      await expect(refusal(connectComponent(nodes[1]!, board))).resolves.toBe('too_many_connections');

      await redis.kill();
      // Each node holds the cap on its own sockets: b has none from this address, so one more is admitted there.
      await expect(refusal(connectComponent(nodes[1]!, board))).resolves.toBe('admitted');
      await expect(refusal(connectComponent(nodes[1]!, board))).resolves.toBe('too_many_connections');
      const said = logs.filter((line) => line.includes('Cluster-wide connection caps cannot reach Redis'));
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/: each node holds them on its own sockets until it is back\.$/);
    } finally {
      closeComponentClients();
      await Promise.all(nodes.map((node) => node.close()));
      nodes = [];
      await redis.close();
    }
  });
});
