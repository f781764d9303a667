// Scenarios "fanout" and "connections": N sockets join one room. With N in BENCH_CONNECTIONS:
// the time to accept them and the server's memory per connection (RSS and heap, after GC).
// With N in BENCH_FANOUT: one event broadcast to the room, time until the last socket has it.
import { execFileSync } from 'node:child_process';
import { sleep } from '../lib/clock.mjs';
import { LoadWorkers } from '../lib/load-workers.mjs';
import { BENCH_TOKEN, FANOUT_NAMESPACE } from '../servers/contract.mjs';
import { TickCollector, fanoutRun } from './fanout-run.mjs';

const SETTLE_MS = 1_000;
const MANY = 2_000;
// Loopback has ~28k ephemeral ports per source address; past that, clients also bind 127.0.0.2, ...
const PER_SOURCE_ADDRESS = 20_000;
/** The room size the fan-out target is for. */
const FANOUT_TARGET_SIZE = 10_000;

function sourceAddresses(size) {
  const count = Math.ceil(size / PER_SOURCE_ADDRESS);
  return count > 1 ? Array.from({ length: count }, (_, i) => `127.0.0.${i + 1}`) : undefined;
}

/** The server holds one descriptor per socket: past the default limit, raise it (root may). */
function allowDescriptors(pid, size) {
  if (size < 15_000) return;
  const limit = String(size * 2 + 1_000);
  try {
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${limit}:${limit}`], { stdio: 'pipe' });
  } catch (error) {
    const hard = execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim();
    const why = error.stderr?.toString().trim().split('\n').at(-1) ?? error.message;
    throw new Error(`${size.toLocaleString('en-US')} connections need more file descriptors than this machine's hard limit (${hard}), which cannot be raised here (${why})`);
  }
}

function roomRows(figures, size, { fanout, connections }) {
  const n = size.toLocaleString('en-US');
  const rows = {};
  if (fanout) {
    const scenario = `fan-out to a room of ${n}`;
    rows.p50 = figures.row({ key: `fanout.${size}.p50`, scenario, metric: 'last socket has it, p50 (ms)', better: 'lower' });
    rows.p99 = figures.row({ key: `fanout.${size}.p99`, scenario, metric: 'last socket has it, p99 (ms)', better: 'lower' });
    figures.headline({
      key: `fanout.${size}.p99`,
      scenario: `fan-out to a room of ${n}`,
      metric: 'time until the last socket has it, p99',
      row: `fanout.${size}.p99`,
      ratioOf: ['ours', 'socketio'],
      target: size === FANOUT_TARGET_SIZE ? { max: 1.05 } : undefined,
    });
  }
  if (connections) {
    const scenario = `${n} idle connections`;
    rows.accept = figures.row({ key: `conn.${size}.accept`, scenario, metric: 'time to accept all (s)', better: 'lower' });
    rows.rss = figures.row({ key: `conn.${size}.rss`, scenario, metric: 'RSS per connection (KB)', better: 'lower' });
    rows.heap = figures.row({ key: `conn.${size}.heap`, scenario, metric: 'heap per connection (KB)', better: 'lower' });
    figures.headline({ key: `conn.${size}.heap`, scenario, metric: 'heap per connection', row: `conn.${size}.heap`, ratioOf: ['ours', 'socketio'], target: { max: 1.0 } });
    figures.headline({ key: `conn.${size}.rss`, scenario, metric: 'RSS per connection', row: `conn.${size}.rss`, ratioOf: ['ours', 'socketio'] });
  }
  return rows;
}

async function roomRun(bench, stack, size, { fanout, connections }) {
  const { config } = bench;
  const collector = new TickCollector();
  const processes = Math.min(size >= MANY ? config.connectWorkers : config.workers, size);
  return bench.withServer(stack, {}, `room-${size}`, async (server) => {
    const workers = new LoadWorkers(processes, { onTick: collector.onTick });
    try {
      allowDescriptors(server.pid, size);
      const before = await server.stats({ gc: true });
      const opened = await workers.connect(size, {
        kind: stack.client,
        origin: server.origin,
        namespace: FANOUT_NAMESPACE,
        auth: { token: BENCH_TOKEN },
        concurrency: config.connectConcurrency,
        listenTicks: fanout,
        localAddresses: sourceAddresses(size),
      });
      if (opened.failed) throw new Error(`${opened.failed} of ${size} clients could not connect: ${opened.firstError}`);
      const result = { acceptS: opened.ms / 1000 };
      if (connections) {
        await sleep(SETTLE_MS);
        const after = await server.stats({ gc: true });
        result.rssKb = (after.memory.rss - before.memory.rss) / size / 1024;
        result.heapKb = (after.memory.heapUsed - before.memory.heapUsed) / size / 1024;
      }
      if (fanout) {
        Object.assign(
          result,
          await fanoutRun({
            trigger: { origin: server.origin, kind: stack.client },
            reporters: processes,
            collector,
            broadcasts: config.broadcasts,
            gapMs: size >= MANY ? 200 : 50,
            profile: () => server.profile(),
          }),
        );
      }
      return result;
    } finally {
      await workers.close();
    }
  });
}

async function runRooms(bench, { fanout: wantFanout, connections: wantConnections }) {
  const { config, figures } = bench;
  const sizes = [...new Set([...(wantFanout ? config.fanoutSizes : []), ...(wantConnections ? config.connections : [])])].sort((a, b) => a - b);
  for (const size of sizes) {
    const what = { fanout: wantFanout && config.fanoutSizes.includes(size), connections: wantConnections && config.connections.includes(size) };
    const rows = roomRows(figures, size, what);
    for (const round of bench.rounds()) {
      for (const stack of bench.inRoundOrder(round, bench.stacks())) {
        let result;
        try {
          result = await roomRun(bench, stack, size, what);
        } catch (error) {
          bench.warn(`room of ${size} on ${stack.label} failed: ${error.message}`);
          continue;
        }
        const parts = [`accepted in ${result.acceptS.toFixed(1)} s`];
        if (what.connections) parts.push(`${result.rssKb.toFixed(1)} KB RSS/conn`, `${result.heapKb.toFixed(1)} KB heap/conn`);
        if (what.fanout) parts.push(`fan-out p50 ${result.p50.toFixed(1)} ms p99 ${result.p99.toFixed(1)} ms`);
        bench.log(`room ${size} round ${round} ${stack.label}: ${parts.join(', ')}`);
        if (result.lost) bench.warn(`fan-out to ${size} on ${stack.label}: ${result.lost} broadcasts did not reach every socket within 10 s`);
        if (what.fanout) {
          rows.p50(stack.id, result.p50, round);
          rows.p99(stack.id, result.p99, round);
        }
        if (what.connections) {
          rows.accept(stack.id, result.acceptS, round);
          rows.rss(stack.id, result.rssKb, round);
          rows.heap(stack.id, result.heapKb, round);
        }
      }
    }
  }
}

/** One scenario when both are asked for, so a room of 10,000 is opened once for its memory and its fan-out. */
export const rooms = {
  id: 'fanout',
  run: (bench) => {
    const connections = !bench.config.only || bench.config.only.includes('connections');
    return runRooms(bench, { fanout: true, connections });
  },
};

/** Only when fan-out is not run (BENCH_ONLY=connections): otherwise `rooms` measured them already. */
export const connectionsOnly = {
  id: 'connections',
  run: (bench) => {
    const { only } = bench.config;
    return only && !only.includes('fanout') ? runRooms(bench, { fanout: false, connections: true }) : undefined;
  },
};
