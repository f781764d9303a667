import { createRainClient, type RainClient, type Socket } from 'rain-client';
import { type NodeProcess, spawnNode } from 'rain-sockets/testing';
import { io, type Socket as PlainSocket } from 'socket.io-client';
import { OwnRedis, redisServerInstalled } from '../../test/cluster/fixtures/own-redis.js';
import { testPrefix } from '../../test/cluster/fixtures/redis-env.js';
import { TcpBalancer } from '../../test/cluster/fixtures/tcp-balancer.js';
import { FROM_SOURCE } from '../../test/support/from-source.js';
import { expect } from 'vitest';
import { type FaultRow, recordFault, sized } from './fault-table.js';

/** Whether the failover scenarios can run here (they start a redis-server of their own); says so loudly when not. */
export function failoverCanRun(): boolean {
  if (redisServerInstalled()) return true;
  const line = '!!! redis-server is not installed: the failover fault scenarios are SKIPPED.';
  if (process.env.RAIN_REQUIRE_REDIS === '1') throw new Error(`${line} (RAIN_REQUIRE_REDIS=1)`);
  console.warn(`\n${line}\n`);
  return false;
}

export type Failure = 'kill' | 'drain';

export interface FailoverSize {
  /** Receivers on each of the 3 nodes (through the balancer). */
  receiversPerNode: number;
  /** Numbered broadcasts per sender (two senders, 40 per second each). */
  messages: number;
}

export interface FailoverOutcome {
  row: FaultRow;
  /** Receivers whose messages of a sender came out of order (0 expected). */
  outOfOrder: number;
  /** Receivers of the failed node that came back as new sockets instead of recovering theirs. */
  notRecovered: number;
  /** Receivers that moved off the failed node. */
  moved: number;
}

const NAMESPACE = '/board/1.0.0/board';
const ROOM = 'numbers';
const INTERVAL_MS = 25;
const SENDERS = ['acked', 'unacked'] as const;

interface Receiver {
  rain: RainClient;
  socket: Socket;
  node: string;
  /** Numbers received per sender, in arrival order. */
  got: Record<(typeof SENDERS)[number], number[]>;
  /** ms from each loss of the connection to the next connection. */
  reconnects: number[];
  recovered: boolean[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The scenario at its size (quick in `npm test`, full in `npm run faults`): records its row,
 * then checks that nothing was lost, repeated or reordered, that the failed node's clients
 * recovered, and the reconnection p99.
 */
export async function expectNothingLost(failure: Failure): Promise<void> {
  const outcome = await runFailover(failure, { receiversPerNode: sized(2, 4), messages: sized(60, 400) });
  recordFault(outcome.row);
  expect(outcome.moved).toBeGreaterThan(0);
  expect(outcome.row).toMatchObject({ lost: 0, duplicated: 0 });
  expect(outcome.outOfOrder).toBe(0);
  expect(outcome.notRecovered).toBe(0);
  expect(outcome.row.reconnectP99Ms).toBeLessThan(1_000);
}

/**
 * Three nodes (processes) on a Redis of their own behind a round-robin balancer without
 * sticky sessions; `receiversPerNode` rain-clients per node in one room; two senders on the
 * nodes that stay (one waits for each ack, one does not) broadcast numbered messages to the
 * room, 40 per second each. A third of the way in, node b is killed (`kill -9`) or drained
 * (taken out of the balancer, then SIGTERM). Every receiver must get every number of each
 * sender once, in order.
 */
export async function runFailover(failure: Failure, size: FailoverSize): Promise<FailoverOutcome> {
  const redis = await OwnRedis.start();
  const keyPrefix = testPrefix();
  const nodes: NodeProcess[] = [];
  const receivers: Receiver[] = [];
  const senders: PlainSocket[] = [];
  let balancer: TcpBalancer | undefined;
  try {
    nodes.push(
      ...(await Promise.all(
        ['a', 'b', 'c'].map((name) =>
          spawnNode(new URL('./failover-node.entry.ts', import.meta.url), {
            ...FROM_SOURCE,
            env: { NODE_NAME: name, REDIS_URL: redis.url, KEY_PREFIX: keyPrefix },
            startTimeout: 60_000,
          }),
        ),
      )),
    );
    const ports = nodes.map((node) => Number(new URL(node.url).port));
    const out = new Set<number>();
    balancer = new TcpBalancer(() => ports.filter((port) => !out.has(port)));
    const entry = await balancer.listen();

    for (let i = 0; i < size.receiversPerNode * nodes.length; i++) receivers.push(await receiver(entry));
    const [a, , c] = nodes;
    senders.push(await plainClient(a!.url), await plainClient(c!.url));

    const failAt = Math.ceil(size.messages / 3);
    let failed: Promise<void> | undefined;
    for (let n = 1; n <= size.messages; n++) {
      const tick = sleep(INTERVAL_MS);
      if (n === failAt) failed = fail(failure, nodes[1]!, ports[1]!, out);
      // Sender 1 waits for each answer before the next number (the ack is its proof); sender 2 fires and forgets.
      await senders[0]!.timeout(10_000).emitWithAck('say', { room: ROOM, text: `acked:${n}` });
      senders[1]!.emit('say', { room: ROOM, text: `unacked:${n}` });
      await tick;
    }
    await failed;
    const complete = () => receivers.every((r) => SENDERS.every((s) => new Set(r.got[s]).size === size.messages));
    for (let waited = 0; waited < 5_000 && !complete(); waited += 50) await sleep(50);
    return tally(failure, size, receivers);
  } finally {
    for (const r of receivers) r.rain.close();
    for (const s of senders) s.close();
    await balancer?.close();
    await Promise.all(nodes.map((node) => node.kill()));
    await redis.close();
  }
}

async function fail(failure: Failure, node: NodeProcess, port: number, out: Set<number>): Promise<void> {
  if (failure === 'kill') {
    out.add(port);
    await node.kill();
    return;
  }
  // As an orchestrator drains a node: out of the load balancer first, then SIGTERM.
  out.add(port);
  process.kill(node.pid, 'SIGTERM');
  for (let waited = 0; waited < 15_000 && alive(node.pid); waited += 50) await sleep(50);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function receiver(entry: string): Promise<Receiver> {
  const rain = createRainClient({ url: entry, keepAlivePath: false, socket: { transports: ['websocket'] } });
  const socket = rain.component('board', '1.0.0').messaging.getSocket('board');
  const r: Receiver = { rain, socket, node: '', got: { acked: [], unacked: [] }, reconnects: [], recovered: [] };
  socket.on('said', (message: { text: string }) => {
    const [sender, n] = message.text.split(':') as [(typeof SENDERS)[number], string];
    r.got[sender]?.push(Number(n));
  });
  let lostAt = 0;
  socket.on('disconnect', () => (lostAt = performance.now()));
  socket.on('connect', () => {
    if (lostAt === 0) return;
    r.reconnects.push(performance.now() - lostAt);
    r.recovered.push(socket.recovered);
    lostAt = 0;
    // What an app does when its socket comes back without its rooms.
    if (!socket.recovered) socket.emit('join', ROOM);
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  await socket.timeout(10_000).emitWithAck('join', ROOM);
  r.node = ((await socket.timeout(10_000).emitWithAck('whoami')) as { node: string }).node;
  return r;
}

async function plainClient(url: string): Promise<PlainSocket> {
  const socket = io(`${url}${NAMESPACE}`, { transports: ['websocket'], reconnection: false });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

function tally(failure: Failure, size: FailoverSize, receivers: Receiver[]): FailoverOutcome {
  let received = 0;
  let unique = 0;
  let outOfOrder = 0;
  for (const r of receivers) {
    for (const sender of SENDERS) {
      const got = r.got[sender];
      received += got.length;
      unique += new Set(got).size;
      if (got.some((n, i) => i > 0 && n <= got[i - 1]!)) outOfOrder++;
    }
  }
  const sent = receivers.length * SENDERS.length * size.messages;
  const moved = receivers.filter((r) => r.node === 'b');
  const times = moved.flatMap((r) => r.reconnects).sort((x, y) => x - y);
  const p99 = times.length ? times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)] : undefined;
  const what = failure === 'kill' ? 'kill -9' : 'SIGTERM (drain)';
  return {
    row: {
      scenario: `failover: ${what} one of 3 nodes, ${receivers.length} receivers, 2 senders (acked, un-acked) at 40/s`,
      sent,
      received,
      lost: sent - unique,
      duplicated: received - unique,
      reconnectP99Ms: p99,
      note: `${size.messages} broadcasts per sender${outOfOrder ? `, ${outOfOrder} out of order` : ''}`,
    },
    outOfOrder,
    notRecovered: moved.filter((r) => r.recovered.some((recovered) => !recovered)).length,
    moved: moved.length,
  };
}
