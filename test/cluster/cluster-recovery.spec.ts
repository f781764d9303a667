import type { CanActivate, INestApplication } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeComponentClients, connectComponent, connectSocket, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { createClient } from 'redis';
import { board } from './fixtures/board.component.js';
import { startNode } from './fixtures/cluster-node.js';
import { deleteKeys, REDIS_URL, redisAvailable, testPrefix } from './fixtures/redis-env.js';
import { TcpBalancer } from './fixtures/tcp-balancer.js';

/** A connection guard the test holds shut: it tells when a handshake waits at it. */
class Gate implements CanActivate {
  private opened: Promise<void> = Promise.resolve();
  private open?: () => void;
  private arrived?: () => void;
  /** Resolves when the next handshake reaches the gate. */
  next: Promise<void> = Promise.resolve();

  shut(): void {
    this.opened = new Promise((resolve) => (this.open = resolve));
    this.next = new Promise((resolve) => (this.arrived = resolve));
  }

  release(): void {
    this.open?.();
  }

  async canActivate(): Promise<boolean> {
    this.arrived?.();
    await this.opened;
    return true;
  }
}

describe.skipIf(!redisAvailable)('recovery on another node (streams adapter)', () => {
  const prefix = testPrefix();
  const gate = new Gate();
  let nodes: INestApplication[] = [];
  let balancer: TcpBalancer;
  let url = '';
  let route: number[] = [];

  beforeAll(async () => {
    nodes = await Promise.all(
      ['a', 'b'].map((name) => startNode({ name, redisUrl: REDIS_URL, keyPrefix: prefix, rain: { rateLimit: false, connectionGuards: [gate] } })),
    );
    const ports = nodes.map((node) => (node.getHttpServer().address() as { port: number }).port);
    // The balancer sends every connection to `route`: node a first.
    route = [ports[0]!];
    balancer = new TcpBalancer(() => route);
    url = await balancer.listen();
  });

  afterAll(async () => {
    closeComponentClients();
    await balancer?.close();
    await Promise.all(nodes.map((node) => node.close()));
    await deleteKeys(prefix);
  });

  it('keeps a live socket’s recovery record in Redis before anything goes wrong, and drops it when the socket leaves for good', async () => {
    const client = await connectComponent(nodes[0]!, board);
    await emitWithAck(client, 'join', 'lobby');
    const key = `${prefix}sio:session:${(client as unknown as { _pid: string })._pid}`;
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      // The default window (120 s) plus a quarter of it: renewed every 30 s, so a dead node's sockets keep at least the window.
      const ttl = await redis.pTTL(key);
      expect(ttl).toBeGreaterThan(120_000);
      expect(ttl).toBeLessThanOrEqual(150_000);
      client.disconnect();
      await expect.poll(() => redis.exists(key)).toBe(0);
    } finally {
      redis.destroy();
    }
  });

  it('gets, once and in order, the broadcasts made while it was being admitted again', async () => {
    const [portA, portB] = nodes.map((node) => (node.getHttpServer().address() as { port: number }).port);
    const client: Socket = await connectSocket(`${url}/board/1.0.0/board`, { client: { reconnection: true, reconnectionDelay: 100, randomizationFactor: 0 } });
    const texts: string[] = [];
    client.on('said', (message: { text: string }) => texts.push(message.text));
    await expect(nextEvent(client, 'hello')).resolves.toMatchObject({ node: 'a', recovered: false });
    await emitWithAck(client, 'join', 'news');
    expect(await emitWithAck(client, 'whoami')).toMatchObject({ node: 'a' });
    const speaker = await connectComponent(nodes[1]!, board);
    await emitWithAck(speaker, 'say', { room: 'news', text: 'before' });
    await expect.poll(() => texts).toEqual(['before']);

    // Node a goes away; the client comes back on b, whose guard holds it in its admission.
    gate.shut();
    route = [portB!];
    balancer.cut(portA!);
    await gate.next;
    for (const text of ['one', 'two', 'three']) await emitWithAck(speaker, 'say', { room: 'news', text });
    const back = nextEvent(client, 'hello', 5_000);
    gate.release();

    await expect(back).resolves.toMatchObject({ node: 'b', recovered: true });
    await emitWithAck(speaker, 'say', { room: 'news', text: 'after' });
    await expect.poll(() => texts).toEqual(['before', 'one', 'two', 'three', 'after']);
  });
});
