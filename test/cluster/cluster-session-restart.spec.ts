import type { INestApplication } from '@nestjs/common';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRainClient, type RainClient } from 'rain-client';
import { RainClusterService, RainSessionService } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { board } from './fixtures/board.component.js';
import { Browser } from './fixtures/browser.js';
import { nodeUrl, startNode } from './fixtures/cluster-node.js';
import { OwnRedis, redisServerInstalled } from './fixtures/own-redis.js';
import { testPrefix } from './fixtures/redis-env.js';

const installed = redisServerInstalled();
if (!installed) {
  const line = '!!! redis-server is not installed: the session Redis restart tests are SKIPPED.';
  if (process.env.RAIN_REQUIRE_REDIS === '1') throw new Error(`${line} (RAIN_REQUIRE_REDIS=1)`);
  console.warn(`\n${line}\n`);
}

describe.skipIf(!installed)('sessions across a restart of a Redis without persistence (a redis-server of the test own)', () => {
  let redis: OwnRedis;
  let nodes: INestApplication[] = [];
  let rain: RainClient | undefined;
  const prefix = testPrefix();

  beforeAll(async () => {
    redis = await OwnRedis.start();
    nodes = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        startNode({ name, redisUrl: redis.url, keyPrefix: prefix, cluster: { commandTimeout: 500 }, rain: { rateLimit: false } }),
      ),
    );
  });

  afterEach(async () => {
    rain?.close();
    rain = undefined;
    closeComponentClients();
    await expect.poll(() => nodes.every((node) => node.get(RainClusterService).redisReady), { timeout: 10_000 }).toBe(true);
  });

  afterAll(async () => {
    try {
      await redis?.close();
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });

  /** Kills Redis (its data is gone) and starts it again, empty; `whileDown` runs once every node knows. */
  async function restart(whileDown?: () => Promise<void>): Promise<void> {
    await redis.kill();
    try {
      await expect.poll(() => nodes.some((node) => node.get(RainClusterService).redisReady), { timeout: 5_000 }).toBe(false);
      await whileDown?.();
    } finally {
      await redis.restart();
    }
  }

  /** The session as HTTP on `node` sees it, with this exact cookie (a new session would not be taken). */
  async function read(node: INestApplication, cookie: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${await nodeUrl(node)}/session`, { headers: { cookie } });
    return (await response.json()) as Record<string, unknown>;
  }

  it("keeps the sessions of connected sockets: each node writes back its copy, and the copies join per key", async () => {
    const browser = new Browser();
    await browser.request(nodes[2]!, 'POST', '/session/fromHttp', { value: 0 });
    const { id } = await read(nodes[2]!, browser.cookie!);
    const onA = await connectComponent(nodes[0]!, board, { cookie: browser.cookie });
    const onB = await connectComponent(nodes[1]!, board, { cookie: browser.cookie });
    await emitWithAck(onA, 'set', { key: 'fromA', value: 1 });
    await emitWithAck(onB, 'set', { key: 'fromB', value: 2 });
    const before = nodes.map((node) => node.get(RainSessionService).stats.writeBacks);

    await restart();

    // A's copy never saw B's write: it is there because B wrote its own copy back too.
    await expect.poll(() => emitWithAck(onA, 'get', 'fromB'), { timeout: 10_000 }).toEqual({ node: 'a', value: 2 });
    await expect(emitWithAck(onB, 'get', 'fromA')).resolves.toEqual({ node: 'b', value: 1 });
    await expect(read(nodes[2]!, browser.cookie!)).resolves.toMatchObject({ id, fromHttp: 0, fromA: 1, fromB: 2 });
    const written = nodes.map((node, n) => node.get(RainSessionService).stats.writeBacks - before[n]!);
    expect(written[0]! + written[1]!).toBeGreaterThanOrEqual(1);
    expect(written[2]).toBe(0); // c has no socket of it
  });

  it('answers events during the outage at once with a retryable session_store_unavailable', async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'GET', '/session');
    const socket = await connectComponent(nodes[0]!, board, { cookie: browser.cookie });
    await emitWithAck(socket, 'set', { key: 'kept', value: 'yes' });
    await restart(async () => {
      await expect(emitWithAck(socket, 'get', 'kept')).resolves.toEqual({
        status: 'error',
        code: 'session_store_unavailable',
        message: 'The session store failed to load the session; nothing already saved was lost. Try again.',
        details: { retryable: true },
        event: 'get',
      });
    });
    await expect.poll(() => emitWithAck(socket, 'get', 'kept'), { timeout: 10_000 }).toEqual({ node: 'a', value: 'yes' });
  });

  it('has rain-client send the outage’s writes again by itself; once Redis is back they are saved', async () => {
    const browser = new Browser();
    await browser.request(nodes[1]!, 'GET', '/session');
    rain = createRainClient({ url: await nodeUrl(nodes[1]!), headers: { cookie: browser.cookie! }, keepAlivePath: false });
    const socket = rain.component('board', '1.0.0').messaging.getSocket('board');
    await expect(socket.timeout(5_000).emitWithAck('set', { key: 'before', value: 1 })).resolves.toEqual({ node: 'b' });

    let during!: Promise<unknown>;
    const stats = nodes[1]!.get(RainSessionService).stats;
    await restart(async () => {
      const errors = stats.storeErrors;
      during = socket.timeout(20_000).emitWithAck('set', { key: 'during', value: 2 });
      // Refused at least once while Redis is away (a retryable answer), then sent again.
      await expect.poll(() => stats.storeErrors, { timeout: 5_000 }).toBeGreaterThan(errors);
    });
    await expect(during).resolves.toEqual({ node: 'b' });
    // Node c reconnects to Redis on its own schedule; until then its HTTP routes answer 500.
    await expect.poll(() => nodes[2]!.get(RainClusterService).redisReady, { timeout: 10_000 }).toBe(true);
    await expect(read(nodes[2]!, browser.cookie!)).resolves.toMatchObject({ before: 1, during: 2 });
  });

  it('never writes back a session destroyed before the restart', async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'GET', '/session');
    const { id } = await read(nodes[0]!, browser.cookie!);
    const socket = await connectComponent(nodes[1]!, board, { cookie: browser.cookie });
    const expired = nextEvent(socket, 'session_expired');
    await browser.request(nodes[2]!, 'POST', '/session'); // logout
    await expect(expired).resolves.toEqual({ reason: 'destroyed' });

    await restart();
    await expect.poll(() => nodes.every((node) => node.get(RainClusterService).redisReady), { timeout: 10_000 }).toBe(true);
    const client = createClient({ url: redis.url });
    await client.connect();
    try {
      // Every node has written back what it had by the time a session write on each succeeds.
      for (const node of nodes) {
        const probe = new Browser();
        await expect(probe.request(node, 'POST', '/session/probe', { value: 1 })).resolves.toMatchObject({ status: 201 });
      }
      await expect(client.exists(`${prefix}sess:${id}`)).resolves.toBe(0);
    } finally {
      client.destroy();
    }
    await expect(emitWithAck(socket, 'get', 'x')).resolves.toMatchObject({ code: 'session_expired' });
  });
});
