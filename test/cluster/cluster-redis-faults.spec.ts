import type { INestApplication } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RainClusterService } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { board, feed } from './fixtures/board.component.js';
import { Browser } from './fixtures/browser.js';
import { startNode } from './fixtures/cluster-node.js';
import { OwnRedis, redisServerInstalled } from './fixtures/own-redis.js';
import { redisAvailable, testPrefix } from './fixtures/redis-env.js';

const COMMAND_TIMEOUT = 300;
const installed = redisServerInstalled();
if (!installed) {
  const line = '!!! redis-server is not installed: the Redis fault tests are SKIPPED.';
  if (process.env.RAIN_REQUIRE_REDIS === '1') throw new Error(`${line} (RAIN_REQUIRE_REDIS=1)`);
  console.warn(`\n${line}\n`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every `said` text a client receives, in order. */
function collect(client: Socket): string[] {
  const texts: string[] = [];
  client.on('said', (message: { text: string }) => texts.push(message.text));
  return texts;
}

describe.skipIf(!redisAvailable || !installed)('nodes whose Redis fails (a redis-server of the test own)', () => {
  let redis: OwnRedis;
  let nodes: INestApplication[] = [];
  const logs: string[] = [];

  beforeAll(async () => {
    redis = await OwnRedis.start();
    const keyPrefix = testPrefix();
    nodes = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        // Traffic here is meant to be fast: no rate limit.
        startNode({ name, redisUrl: redis.url, keyPrefix, logs, cluster: { commandTimeout: COMMAND_TIMEOUT }, rain: { rateLimit: false } }),
      ),
    );
  });

  afterEach(async () => {
    closeComponentClients();
    // Each test starts with every node connected again (after a restart their backoffs differ).
    await expect.poll(() => nodes.every((node) => node.get(RainClusterService).redisReady), { timeout: 5_000 }).toBe(true);
  });

  afterAll(async () => {
    await redis?.close();
    await Promise.all(nodes.map((node) => node.close()));
  });

  /** A receiver in room `room` on each node, and a sender on node a. */
  async function roomOnEveryNode(room: string) {
    const receivers = await Promise.all(nodes.map((node) => connectComponent(node, feed)));
    for (const receiver of receivers) await emitWithAck(receiver, 'join', room);
    const sender = await connectComponent(nodes[0]!, feed);
    return { received: receivers.map(collect), sender };
  }

  it('delivers every acknowledged message on every node across a Redis restart, and serves local sockets meanwhile', async () => {
    const { received, sender } = await roomOnEveryNode('feed');
    const acked: string[] = [];
    let seq = 0;
    const send = async (count: number, atLeastMs = 0) => {
      const until = Date.now() + atLeastMs;
      for (let i = 0; i < count || Date.now() < until; i++) {
        const text = String(++seq);
        const answer = await emitWithAck(sender, 'say', { room: 'feed', text }, 1_000).catch(() => undefined);
        if (answer?.node === 'a') acked.push(text);
        await sleep(2);
      }
    };

    await send(40);
    await redis.kill();
    const firstWhileDown = String(seq + 1);
    await send(40, 300);
    // The sender's own node served its room at once; the others cannot have it before Redis is back.
    expect(received[0]).toContain(firstWhileDown);
    expect(received[1]).not.toContain(firstWhileDown);
    await redis.restart();
    await send(40);

    expect(acked.length).toBe(seq); // the sender's node answered every one, Redis or not
    for (const texts of received) {
      await expect.poll(() => acked.filter((text) => !texts.includes(text)), { timeout: 10_000 }).toEqual([]);
      expect(new Set(texts).size).toBe(texts.length); // and none twice
    }
    expect(logs.some((line) => /Redis at redis:\/\/127\.0\.0\.1:\d+\/? is unreachable/.test(line))).toBe(true);
    expect(logs.some((line) => /Redis at .* is back after \d+ ms; cluster delivery resumed/.test(line))).toBe(true);
  });

  it('fails session operations and member lists fast while Redis does not answer, and recovers after', async () => {
    const browser = new Browser();
    await expect(browser.request(nodes[1]!, 'POST', '/session/color', { value: 'green' })).resolves.toMatchObject({ status: 201 });
    const socket = await connectComponent(nodes[1]!, board, { cookie: browser.cookie });
    const { received, sender } = await roomOnEveryNode('frozen');

    redis.freeze();
    try {
      await expect(emitWithAck(socket, 'get', 'color', 2_000)).resolves.toMatchObject({ code: 'session_store_unavailable' });
      await expect(emitWithAck(sender, 'members', 'frozen', 3_000)).resolves.toMatchObject({ status: 'error', code: 'internal' });
      // Local delivery waits at most commandTimeout for a Redis that does not answer.
      await emitWithAck(sender, 'say', { room: 'frozen', text: 'while frozen' });
      await expect.poll(() => received[0], { timeout: 2_000 }).toContain('while frozen');
      expect(received[2]).not.toContain('while frozen');
    } finally {
      redis.thaw();
    }

    await expect.poll(() => received[2], { timeout: 5_000 }).toContain('while frozen');
    await expect(emitWithAck(socket, 'get', 'color')).resolves.toMatchObject({ value: 'green' });
    await expect(emitWithAck(sender, 'members', 'frozen')).resolves.toHaveLength(3);
  });

  it('answers session operations with session_store_unavailable while Redis is down, at once, and writes the session back once it is back empty', async () => {
    const browser = new Browser();
    await browser.request(nodes[2]!, 'GET', '/session');
    const socket = await connectComponent(nodes[2]!, board, { cookie: browser.cookie });
    await emitWithAck(socket, 'set', { key: 'kept', value: 'before' });
    await redis.kill();
    try {
      const started = Date.now();
      const answer = await emitWithAck(socket, 'set', { key: 'k', value: 1 });
      expect(answer).toMatchObject({ status: 'error', code: 'session_store_unavailable' });
      expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT);
      const http = await browser.request(nodes[2]!, 'GET', '/session');
      expect(http.status).toBe(500);
    } finally {
      await redis.restart();
    }
    // Back, empty (no persistence): the node wrote back its live copy of the connected session.
    await expect.poll(() => emitWithAck(socket, 'get', 'kept'), { timeout: 5_000 }).toEqual({ node: 'c', value: 'before' });
  });
});
