import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createAdapter } from '@socket.io/redis-adapter';
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { RainSocketsModule } from 'rain-sockets';

// One place decides whether Redis answers, and says so loudly when it does not.
export { REDIS_URL, redisAvailable } from '../../cluster/fixtures/redis-env.js';
import { REDIS_URL } from '../../cluster/fixtures/redis-env.js';

export interface Cluster {
  nodes: INestApplication[];
  close(): Promise<void>;
}

/**
 * Several apps that share socket.io's Redis adapter, as the nodes of one cluster would,
 * on a channel key of their own so that tests running at once do not hear each other.
 */
export async function startCluster(count: number, imports: ModuleMetadata['imports']): Promise<Cluster> {
  const key = `rain-test-${randomUUID()}`;
  const clients: ReturnType<typeof createClient>[] = [];
  const nodes: INestApplication[] = [];
  for (let i = 0; i < count; i++) {
    const pub = createClient({ url: REDIS_URL });
    const sub = pub.duplicate();
    clients.push(pub, sub);
    await Promise.all([pub.connect(), sub.connect()]);
    const moduleRef = await Test.createTestingModule({
      imports: [
        RainSocketsModule.forRoot({ socketIo: { adapter: createAdapter(pub, sub, { key, requestsTimeout: 2_000 }) } }),
        ...(imports ?? []),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
    nodes.push(app);
  }
  return {
    nodes,
    async close() {
      for (const app of nodes) await app.close();
      await Promise.all(clients.map((client) => client.isOpen && client.quit()));
    },
  };
}
