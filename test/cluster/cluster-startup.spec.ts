import type { INestApplication } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidRainSocketsOptionError, RainClusterService, RedisUnavailableError } from 'rain-sockets';
import { closeComponentClients, connectComponent } from 'rain-sockets/testing';
import { board } from './fixtures/board.component.js';
import { SESSION_SECRET, startNode } from './fixtures/cluster-node.js';
import { freePort } from './fixtures/own-redis.js';
import { deleteKeys, REDIS_URL, redisAvailable, testPrefix } from './fixtures/redis-env.js';

describe('the cluster option', () => {
  const started: INestApplication[] = [];
  const prefixes: string[] = [];

  async function node(name: string, options: Partial<Parameters<typeof startNode>[0]> = {}) {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const app = await startNode({ name, redisUrl: REDIS_URL, keyPrefix: prefix, ...options });
    started.push(app);
    return app;
  }

  afterEach(async () => {
    closeComponentClients();
    await Promise.all(started.splice(0).map((app) => app.close()));
    await Promise.all(prefixes.splice(0).map((prefix) => deleteKeys(prefix)));
  });

  it('stops the start-up with a clear error when Redis does not answer, without showing its password', async () => {
    const url = `redis://:hunter2@127.0.0.1:${await freePort()}`;
    const failure = await node('a', { redisUrl: url, cluster: { redis: { url, connectTimeout: 300 } } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RedisUnavailableError);
    expect((failure as Error).message).toMatch(/^RainSocketsModule: Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ did not answer within 300 ms/);
    expect((failure as Error).message).not.toContain('hunter2');
  });

  it.each([
    [{ cluster: { redis: { url: 'http://127.0.0.1:6379' } } }, 'cluster.redis.url', 'a redis:// or rediss:// URL'],
    [{ cluster: { redis: {} } }, 'cluster.redis', 'an object like { url: "redis://127.0.0.1:6379" }'],
    [{ cluster: { redis: { url: REDIS_URL }, adapter: 'kafka' } }, 'cluster.adapter', '"streams" or "pubsub"'],
    [{ cluster: { redis: { url: REDIS_URL }, heartbeatInterval: 0 } }, 'cluster.heartbeatInterval', 'a number of milliseconds >= 50'],
    [{ cluster: { redis: { url: REDIS_URL }, adapter: 'pubsub', recovery: { maxDisconnectionDuration: 5000 } } }, 'cluster.recovery', 'needs adapter "streams"'],
    [{ cluster: { redis: { url: REDIS_URL } }, socketIo: { adapter: (() => {}) as never } }, 'socketIo.adapter', 'keep one of them'],
    [{ cluster: { redis: { url: REDIS_URL } }, session: { secret: SESSION_SECRET, freshness: 'local' as const } }, 'session.freshness', 'other nodes change it too'],
  ])('refuses %j at start-up, naming %s', async (rain, option, text) => {
    const { cluster, ...others } = rain as { cluster: never };
    const failure = await node('a', { rain: others, cluster }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidRainSocketsOptionError);
    expect((failure as InvalidRainSocketsOptionError).option).toBe(option);
    expect((failure as Error).message).toContain(text);
  });
});

describe('RainClusterService', () => {
  const started: INestApplication[] = [];
  afterEach(async () => {
    closeComponentClients();
    await Promise.all(started.splice(0).map((app) => app.close()));
  });

  it('answers for this process when there is no cluster', async () => {
    const app = await startNode({ name: 'solo', redisUrl: REDIS_URL, keyPrefix: 'unused:', cluster: false });
    started.push(app);
    const cluster = app.get(RainClusterService);
    await connectComponent(app, board);
    expect(cluster.enabled).toBe(false);
    await expect(cluster.nodes()).resolves.toEqual([cluster.nodeId]);
    await expect(cluster.connections()).resolves.toBe(1);
  });

  it.skipIf(!redisAvailable)('lists the live nodes and counts the connections of all of them', async () => {
    const prefix = testPrefix();
    try {
      const [a, b] = await Promise.all(['a', 'b'].map((name) => startNode({ name, redisUrl: REDIS_URL, keyPrefix: prefix })));
      started.push(a!, b!);
      const [onA, onB] = [a!.get(RainClusterService), b!.get(RainClusterService)];
      expect(onA.enabled).toBe(true);
      expect(onA.adapter).toBe('streams');
      await expect(onB.nodes()).resolves.toEqual([onA.nodeId, onB.nodeId].sort());
      await Promise.all([connectComponent(a!, board), connectComponent(a!, board), connectComponent(b!, board)]);
      await expect(onB.connections()).resolves.toBe(3);
      closeComponentClients();
      await expect.poll(() => onA.connections()).toBe(0);
      // A node that shuts down takes its record with it at once.
      await b!.close();
      started.pop();
      await expect(onA.nodes()).resolves.toEqual([onA.nodeId]);
    } finally {
      await deleteKeys(prefix);
    }
  });
});
