import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRainClient, type RainClient } from 'rain-client';
import { closeApps, type NodeProcess } from 'rain-sockets/testing';
import { recordFault, sized } from './support/fault-table.js';
import { canRunSessionFaults, HttpSession, lostWrites, OwnRedis, startBoardNodes } from './support/session-cluster.js';

/** Writes per writer (one writer per node, all on one session). */
const WRITES = sized(60, 400);
const OUTAGE_MS = 500;

describe.skipIf(!canRunSessionFaults())('fault: Redis (no persistence) restarts under session writes from 3 nodes', () => {
  let redis: OwnRedis;
  let nodes: NodeProcess[] = [];
  const clients: RainClient[] = [];

  beforeAll(async () => {
    redis = await OwnRedis.start();
    nodes = await startBoardNodes(['a', 'b', 'c'], redis);
  }, 120_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    try {
      await closeApps();
    } finally {
      // Even when a node failed to start (and closing it failed too): no redis-server is left behind.
      await redis?.close();
    }
  });

  it('loses no acknowledged write: the nodes write their sessions back and rain-client resends what was refused', { timeout: sized(120_000, 900_000) }, async () => {
    const http = new HttpSession();
    const { id } = await http.read(nodes[0]!);
    const sockets = nodes.map((node) => {
      const rain = createRainClient({ url: node.url, headers: { cookie: http.cookie }, keepAlivePath: false, socket: { transports: ['websocket'] } });
      clients.push(rain);
      return rain.component('board', '1.0.0').messaging.getSocket('board');
    });
    const acked = new Map<string, unknown>();
    const failed: string[] = [];
    const answeredAt: number[] = [];

    const writer = async (name: string, socket: (typeof sockets)[number]) => {
      for (let i = 0; i < WRITES; i++) {
        const key = `${name}-${i}`;
        const answer = await socket.timeout(30_000).emitWithAck('set', { key, value: i }).catch((error: Error) => ({ error }));
        if ((answer as { node?: string }).node !== undefined) {
          acked.set(key, i);
          answeredAt.push(Date.now());
        } else {
          failed.push(key);
        }
      }
    };
    const writing = Promise.all(sockets.map((socket, n) => writer(`w${n}`, socket)));

    // Restart once a third of the writes are acknowledged, while the writers go on.
    await expect.poll(() => acked.size, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(WRITES);
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    await redis.restart();
    const back = Date.now();
    await writing;

    const stored = await http.read(nodes[1]!);
    const lost = lostWrites(acked, stored);
    const sent = 3 * WRITES;
    const firstAfter = answeredAt.find((at) => at >= back);
    recordFault({
      scenario: 'Redis without persistence killed and restarted under session writes from 3 nodes',
      sent,
      received: sent - failed.length - lost.length,
      lost: lost.length,
      duplicated: 0,
      sessionWritesLost: lost.length,
      note: `${OUTAGE_MS} ms down, ${failed.length} answered with an error (not acknowledged), first ack ${firstAfter === undefined ? '–' : firstAfter - back} ms after Redis was back`,
    });
    expect(stored.id).toBe(id);
    expect(lost).toEqual([]);
  });
});
