// Scenario "scale": past one process. BENCH_SCALE (100,000) socket.io connections to
// BENCH_SCALE_NODES (6) nodes of one cluster on this machine, over socket.io's Redis streams
// adapter on a redis-server of its own; the load in BENCH_SCALE_WORKERS processes, each from a
// source address of its own in 127.0.0.0/8 (a source address has ~28,000 ports). Reports the time
// to connect them all, memory per connection (every node's, after a full GC), and one broadcast
// to all of them from node A: time until the last socket has it, p50 and p99 over
// BENCH_SCALE_BROADCASTS. Against raw socket.io with the same adapter. Bounded in time: what did
// not connect by the deadline is reported with the first reason, and the rest is measured.
import { execFileSync } from 'node:child_process';
import { sleep } from '../lib/clock.mjs';
import { LoadWorkers } from '../lib/load-workers.mjs';
import { startOwnRedis } from '../lib/own-redis.mjs';
import { startServer } from '../lib/server-process.mjs';
import { BENCH_TOKEN, FANOUT_NAMESPACE } from '../servers/contract.mjs';
import { TickCollector, fanoutRun } from './fanout-run.mjs';

const FD_HEADROOM = 1_000;

/** Descriptors a process may hold here; raised to the hard limit for `pid` when the soft one is lower. */
function allowDescriptors(pid, needed) {
  const hard = Number(execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim()) || Infinity;
  const limit = Math.min(hard, needed);
  try {
    execFileSync('prlimit', ['--pid', String(pid), `--nofile=${limit}:${hard === Infinity ? 'unlimited' : hard}`], { stdio: 'pipe' });
  } catch {}
  return hard;
}

function memoryOf(servers) {
  return Promise.all(servers.map((server) => server.stats({ gc: true }))).then((all) => ({
    rss: all.reduce((n, s) => n + s.memory.rss, 0),
    heap: all.reduce((n, s) => n + s.memory.heapUsed, 0),
  }));
}

async function scaleRun(bench, stack) {
  const { config } = bench;
  const { scale } = config;
  const redis = await startOwnRedis();
  const servers = [];
  const collector = new TickCollector();
  const workers = new LoadWorkers(scale.workers, { onTick: collector.onTick });
  try {
    const env = { BENCH_REDIS_URL: redis.url, BENCH_REDIS_KEY: `${bench.redisKey}-scale`, BENCH_CLUSTER: '1' };
    for (let i = 0; i < scale.nodes; i++) servers.push(await startServer(stack, { env, pin: false }));
    const perNode = Math.ceil(scale.connections / scale.nodes);
    const hard = Math.min(...servers.map((server) => allowDescriptors(server.pid, perNode + FD_HEADROOM)));
    await workers.ready();
    for (const worker of workers.workers) allowDescriptors(worker.child.pid, Math.ceil(scale.connections / scale.workers) + FD_HEADROOM);
    const before = await memoryOf(servers);
    const opened = await workers.connect(
      scale.connections,
      {
        kind: stack.client,
        origins: servers.map((server) => server.origin),
        namespace: FANOUT_NAMESPACE,
        auth: { token: BENCH_TOKEN },
        concurrency: config.connectConcurrency,
        listenTicks: true,
        deadlineMs: scale.connectSeconds * 1000,
      },
      (i) => ({ localAddresses: [`127.0.0.${i + 2}`] }),
    );
    const connectS = opened.ms / 1000;
    bench.log(
      `scale ${stack.label}: ${opened.connected.toLocaleString('en-US')} of ${scale.connections.toLocaleString('en-US')} connected in ${connectS.toFixed(1)} s` +
        (opened.failed || opened.connected < scale.connections ? ` (${opened.failed} failed; first: ${opened.firstError})` : ''),
    );
    await sleep(2_000);
    const after = await memoryOf(servers);
    const result = {
      connected: opened.connected,
      failed: opened.failed,
      firstError: opened.firstError,
      descriptorLimit: hard,
      connectS,
      rssKb: (after.rss - before.rss) / opened.connected / 1024,
      heapKb: (after.heap - before.heap) / opened.connected / 1024,
    };
    if (opened.connected === 0) return result;
    try {
      Object.assign(
        result,
        await fanoutRun({
          trigger: { origin: servers[0].origin, kind: stack.client },
          reporters: workers.size,
          collector,
          broadcasts: scale.broadcasts,
          gapMs: scale.gapMs,
          timeoutMs: 60_000,
        }),
      );
    } catch (error) {
      result.broadcastError = error.message;
    }
    const drops = await workers.all(() => ({ cmd: 'dropped' }));
    result.dropped = drops.reduce((n, d) => n + d.dropped, 0);
    return result;
  } finally {
    await workers.close();
    await Promise.all(servers.map((server) => server.stop()));
    await redis.stop();
  }
}

export const scale = {
  id: 'scale',
  async run(bench) {
    const { config, figures } = bench;
    const { scale: s } = config;
    const n = s.connections.toLocaleString('en-US');
    const scenario = `${n} connections on ${s.nodes} nodes (Redis streams adapter)`;
    const rows = {
      connected: figures.row({ key: 'scale.connected', scenario, metric: 'connections held', better: 'higher' }),
      connect: figures.row({ key: 'scale.connect', scenario, metric: 'time to connect them all (s)', better: 'lower' }),
      rss: figures.row({ key: 'scale.rss', scenario, metric: 'RSS per connection, all nodes (KB)', better: 'lower' }),
      heap: figures.row({ key: 'scale.heap', scenario, metric: 'heap per connection, all nodes (KB)', better: 'lower' }),
      p50: figures.row({ key: 'scale.p50', scenario, metric: 'one broadcast to all, last socket has it, p50 (ms)', better: 'lower' }),
      p99: figures.row({ key: 'scale.p99', scenario, metric: 'one broadcast to all, last socket has it, p99 (ms)', better: 'lower' }),
    };
    for (const [metric, row] of [['time to connect them all', 'scale.connect'], ['memory (RSS) per connection', 'scale.rss'], ['broadcast to all, p99', 'scale.p99']]) {
      figures.headline({ key: row, scenario, metric, row, ratioOf: ['ours', 'socketio'] });
    }
    // Rarely run and heavy: one round, whatever BENCH_RUNS says.
    for (const stack of bench.stacks(['ours', 'socketio'])) {
      let result;
      try {
        result = await scaleRun(bench, stack);
      } catch (error) {
        bench.warn(`scale on ${stack.label} failed: ${error.message}`);
        continue;
      }
      rows.connected(stack.id, result.connected, 1);
      if (result.connected < s.connections) {
        bench.warn(
          `scale on ${stack.label}: held ${result.connected.toLocaleString('en-US')} of ${n} connections (${result.failed} failed); ` +
            `first reason: ${result.firstError}; descriptor limit per process ${result.descriptorLimit}.`,
        );
      } else rows.connect(stack.id, result.connectS, 1);
      rows.rss(stack.id, result.rssKb, 1);
      rows.heap(stack.id, result.heapKb, 1);
      if (Number.isFinite(result.p50)) {
        rows.p50(stack.id, result.p50, 1);
        rows.p99(stack.id, result.p99, 1);
      }
      if (result.broadcastError) bench.warn(`scale on ${stack.label}: broadcasts stopped: ${result.broadcastError}`);
      if (result.lost) bench.warn(`scale on ${stack.label}: ${result.lost} of ${s.broadcasts} broadcasts did not reach every socket within 60 s`);
      if (result.dropped) bench.warn(`scale on ${stack.label}: ${result.dropped.toLocaleString('en-US')} sockets dropped after connecting (heartbeats missed on a loaded machine); the broadcasts were timed to the others`);
      bench.log(
        `scale ${stack.label}: ${result.rssKb.toFixed(1)} KB RSS/conn, ${result.heapKb.toFixed(1)} KB heap/conn, broadcast p50 ${result.p50?.toFixed(0)} ms p99 ${result.p99?.toFixed(0)} ms`,
      );
    }
    figures.note(
      `Scale: ${s.nodes} nodes of one cluster (ours: \`cluster: { redis: { url } }\`; raw socket.io: the Redis streams adapter and ` +
        `connection state recovery by hand) on a redis-server of their own, ${s.workers} load processes each from its own source address; ` +
        `${s.broadcasts} broadcasts from node A, ${s.gapMs} ms apart. One round; the whole machine is loaded, nothing is pinned.`,
    );
  },
};

