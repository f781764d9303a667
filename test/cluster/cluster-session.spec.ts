import type { INestApplication } from '@nestjs/common';
import { MemoryStore } from 'express-session';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { board } from './fixtures/board.component.js';
import { Browser } from './fixtures/browser.js';
import { SESSION_SECRET, startNode } from './fixtures/cluster-node.js';
import { deleteKeys, REDIS_URL, redisAvailable, testPrefix } from './fixtures/redis-env.js';

describe.skipIf(!redisAvailable)('one session across nodes', () => {
  let nodes: INestApplication[] = [];
  const prefix = testPrefix();

  beforeAll(async () => {
    nodes = await Promise.all(['a', 'b', 'c'].map((name) => startNode({ name, redisUrl: REDIS_URL, keyPrefix: prefix })));
  });

  afterEach(() => closeComponentClients());

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await deleteKeys(prefix);
  });

  it('lets a socket on one node read what HTTP on another node wrote', async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'POST', '/session/color', { value: 'blue' });
    const socket = await connectComponent(nodes[1]!, board, { cookie: browser.cookie });
    await expect(emitWithAck(socket, 'get', 'color')).resolves.toEqual({ node: 'b', value: 'blue' });
  });

  it('lets HTTP on a third node read what a socket wrote, as soon as its ack came', async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'GET', '/session');
    const socket = await connectComponent(nodes[1]!, board, { cookie: browser.cookie });
    await emitWithAck(socket, 'set', { key: 'fruit', value: 'fig' });
    const { body } = await browser.request(nodes[2]!, 'GET', '/session');
    expect(body.fruit).toBe('fig');
  });

  it('shows a socket what another node changed since it connected (freshness "always")', async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'GET', '/session');
    const socket = await connectComponent(nodes[0]!, board, { cookie: browser.cookie });
    await expect(emitWithAck(socket, 'get', 'late')).resolves.toMatchObject({ value: null });
    await browser.request(nodes[2]!, 'POST', '/session/late', { value: 1 });
    await expect(emitWithAck(socket, 'get', 'late')).resolves.toMatchObject({ value: 1 });
  });

  it('tells sockets on every node at once when HTTP on one node destroys the session', async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'GET', '/session');
    const onOther = await connectComponent(nodes[1]!, board, { cookie: browser.cookie });
    const expired = nextEvent(onOther, 'session_expired');
    await browser.request(nodes[2]!, 'POST', '/session');
    await expect(expired).resolves.toEqual({ reason: 'destroyed' });
  });

  it("keeps the sessions in Redis under the cluster's key prefix", async () => {
    const browser = new Browser();
    const { body } = await browser.request(nodes[0]!, 'GET', '/session');
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      await expect(redis.exists(`${prefix}sess:${body.id}`)).resolves.toBe(1);
    } finally {
      redis.destroy();
    }
  });

  it("uses the app's own session store when it names one", async () => {
    const ownPrefix = testPrefix();
    const store = new MemoryStore();
    const node = await startNode({
      name: 'own',
      redisUrl: REDIS_URL,
      keyPrefix: ownPrefix,
      rain: { session: { secret: SESSION_SECRET, store } },
    });
    try {
      const browser = new Browser();
      const { body } = await browser.request(node, 'POST', '/session/kept', { value: 'here' });
      expect(body).toEqual({ ok: true });
      const id = await idOf(browser, node);
      const stored = await new Promise((resolve) => store.get(id, (_error, session) => resolve(session)));
      expect(stored).toMatchObject({ kept: 'here' });
    } finally {
      await node.close();
      await deleteKeys(ownPrefix);
    }
  });
});

async function idOf(browser: Browser, node: INestApplication): Promise<string> {
  return (await browser.request(node, 'GET', '/session')).body.id;
}
