import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeApps, closeComponentClients, connectSocket, emitWithAck, type NodeProcess } from 'rain-sockets/testing';
import { recordFault, sized } from './support/fault-table.js';
import { BOARD, canRunSessionFaults, HttpSession, OwnRedis, startBoardNodes } from './support/session-cluster.js';

/** Writes per writer. */
const WRITES = sized(200, 1_000);
/** Distinct keys per writer: the full run writes each several times (sessions stay a realistic size). */
const KEYS = 200;
/** Writes each writer has in flight at once. */
const BURST = 20;

describe.skipIf(!canRunSessionFaults())('fault: one session written from 3 nodes and HTTP at once', () => {
  let redis: OwnRedis;
  let nodes: NodeProcess[] = [];

  beforeAll(async () => {
    redis = await OwnRedis.start();
    nodes = await startBoardNodes(['a', 'b', 'c'], redis);
  }, 120_000);

  afterAll(async () => {
    closeComponentClients();
    try {
      await closeApps();
    } finally {
      // Even when a node failed to start (and closing it failed too): no redis-server is left behind.
      await redis?.close();
    }
  });

  it(`loses none of 6 writers x ${WRITES} acknowledged writes of their own keys, sent in bursts of ${BURST}`, { timeout: sized(120_000, 900_000) }, async () => {
    const http = new HttpSession();
    await http.read(nodes[0]!);
    // Five sockets over the three nodes, and HTTP on the third: six writers of one session.
    const sockets = await Promise.all(
      [0, 0, 1, 1, 2].map((n) => connectSocket(`${nodes[n]!.url}${BOARD}`, { cookie: http.cookie })),
    );
    // Each key's values grow with each write: an acknowledged write is lost when the key ends
    // below it (overwritten by an older write, or gone); above it is a later write of its writer.
    const acked: [string, number][] = [];
    const failed: string[] = [];

    const writer = async (name: string, write: (key: string, value: number) => Promise<boolean>) => {
      for (let first = 0; first < WRITES; first += BURST) {
        await Promise.all(
          Array.from({ length: Math.min(BURST, WRITES - first) }, async (_, j) => {
            const key = `${name}-${(first + j) % KEYS}`;
            if (await write(key, first + j)) acked.push([key, first + j]);
            else failed.push(key);
          }),
        );
      }
    };
    await Promise.all([
      ...sockets.map((socket, s) =>
        writer(`s${s}`, async (key, value) => (await emitWithAck(socket, 'set', { key, value }, 20_000))?.node !== undefined),
      ),
      writer('http', async (key, value) => (await http.request(nodes[2]!, 'POST', `/session/${key}`, { value })).status === 201),
    ]);

    const stored = await http.read(nodes[1]!);
    const lost = acked.filter(([key, value]) => !(typeof stored[key] === 'number' && stored[key] >= value)).map(([key, value]) => `${key}=${value}`);
    const sent = 6 * WRITES;
    recordFault({
      scenario: 'one session written from 3 nodes + HTTP, distinct keys in bursts',
      sent,
      received: sent - failed.length - lost.length,
      lost: lost.length,
      duplicated: 0,
      sessionWritesLost: lost.length,
      note: `6 writers x ${WRITES} writes of ${KEYS} keys each, ${BURST} in flight each`,
    });
    expect(failed).toEqual([]);
    expect(lost).toEqual([]);
  });
});
