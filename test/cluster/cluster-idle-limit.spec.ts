import type { INestApplication } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import { closeComponentClients, connectComponent } from 'rain-sockets/testing';
import { feed } from './fixtures/board.component.js';
import { startNode } from './fixtures/cluster-node.js';
import { deleteKeys, REDIS_URL, redisAvailable, testPrefix } from './fixtures/redis-env.js';

describe.skipIf(!redisAvailable)('idle.maxConnections on a cluster', () => {
  const started: INestApplication[] = [];
  const prefix = testPrefix();

  afterEach(async () => {
    closeComponentClients();
    await Promise.all(started.splice(0).map((node) => node.close()));
    await deleteKeys(prefix);
  });

  /** Without `idleLimit`, the nodes run on the default. */
  async function twoNodes(idleLimit?: 'cluster') {
    const nodes = await Promise.all(
      ['a', 'b'].map((name) =>
        startNode({
          name,
          redisUrl: REDIS_URL,
          keyPrefix: `${prefix}${idleLimit ?? 'default'}:`,
          cluster: idleLimit ? { idleLimit } : {},
          rain: { idle: { maxConnections: 2, idleTimeout: 60_000 } },
        }),
      ),
    );
    started.push(...nodes);
    return nodes;
  }

  it("limits the whole cluster's connections with idleLimit 'cluster'", async () => {
    const [a, b] = await twoNodes('cluster');
    await connectComponent(a!, feed);
    await connectComponent(b!, feed);
    await expect(connectComponent(a!, feed)).rejects.toMatchObject({ message: 'server full', data: { code: 'server_full' } });
  });

  it("limits each node's own connections by default", async () => {
    const [a, b] = await twoNodes();
    await connectComponent(a!, feed);
    await connectComponent(b!, feed);
    await expect(connectComponent(a!, feed)).resolves.toMatchObject({ connected: true });
  });
});
