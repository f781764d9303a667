import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { type AppSource, closeWithApps, launchApp } from './test-apps.js';
import { TEST_REDIS_URL } from './test-redis.js';

/** What each node's factory gets: the shared Redis, and a key prefix no other test uses. */
export interface TestNode {
  index: number;
  redisUrl: string;
  /** Pass it as `cluster.keyPrefix` (or your adapter's key) so that tests running at once never hear each other. */
  keyPrefix: string;
}

/** What `startNodes()` resolves with: the apps in start order, their shared key prefix, and `close()`. */
export interface TestNodes {
  apps: INestApplication[];
  keyPrefix: string;
  close(): Promise<void>;
}

/**
 * Starts `count` apps of one cluster in this process, one after the other, each from
 * `create(node)` and listening on its own port. `closeApps()` (or `close()`) stops them.
 *
 * @example
 * ```ts
 * const { apps: [a, b] } = await startNodes(2, ({ redisUrl, keyPrefix }) =>
 *   Test.createTestingModule({ imports: [RainSocketsModule.forRoot({ cluster: { redis: { url: redisUrl }, keyPrefix } }), ChatModule] }));
 * ```
 */
export async function startNodes(
  count: number,
  create: (node: TestNode) => AppSource | Promise<AppSource>,
  options: { redisUrl?: string } = {},
): Promise<TestNodes> {
  const keyPrefix = `rain-test-${randomBytes(6).toString('hex')}:`;
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const apps: INestApplication[] = [];
  const nodes: TestNodes = {
    apps,
    keyPrefix,
    async close() {
      for (const app of apps.splice(0).reverse()) await app.close();
    },
  };
  closeWithApps(nodes);
  for (let index = 0; index < count; index++) {
    await launchApp(create({ index, redisUrl, keyPrefix }), { logger: false }, (app) => apps.push(app));
  }
  return nodes;
}
