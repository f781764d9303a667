// Scenario: fan-out to a room that spans 2 nodes over Redis, against the same room on one node.
// The trigger sits on node A; half of the members on node B only get the event through Redis.
import { LoadWorkers } from '../lib/load-workers.mjs';
import { deleteKeys, redisReachable } from '../lib/redis.mjs';
import { startServer } from '../lib/server-process.mjs';
import { BENCH_TOKEN, FANOUT_NAMESPACE } from '../servers/contract.mjs';
import { TickCollector, fanoutRun } from './fanout-run.mjs';

async function clusterRun(bench, stack, nodes) {
  const { config } = bench;
  const env = { BENCH_REDIS_URL: config.redisUrl, BENCH_REDIS_KEY: bench.redisKey, BENCH_CLUSTER: nodes > 1 ? '1' : '' };
  const servers = [];
  const collector = new TickCollector();
  // An even number of load processes, so both nodes get the same share.
  const processes = Math.max(2, config.workers + (config.workers % 2));
  const workers = new LoadWorkers(processes, { onTick: collector.onTick });
  try {
    for (let i = 0; i < nodes; i++) {
      servers.push(await startServer(stack, { env, pin: false }));
    }
    const opened = await workers.connect(
      config.clusterClients,
      { kind: stack.client, namespace: FANOUT_NAMESPACE, auth: { token: BENCH_TOKEN }, concurrency: config.connectConcurrency, listenTicks: true },
      (i) => ({ origin: servers[i % nodes].origin }),
    );
    if (opened.failed) throw new Error(`${opened.failed} clients could not connect: ${opened.firstError}`);
    const result = await fanoutRun({
      trigger: { origin: servers[0].origin, kind: stack.client },
      reporters: processes,
      collector,
      broadcasts: config.broadcasts,
      gapMs: 50,
    });
    return result;
  } finally {
    await workers.close();
    await Promise.all(servers.map((server) => server.stop()));
  }
}

export const cluster = {
  id: 'cluster',
  async run(bench) {
    const { config, figures } = bench;
    if (!(await redisReachable(config.redisUrl))) {
      bench.warn(`Redis at ${config.redisUrl} did not answer: cluster fan-out not measured.`);
      return;
    }
    const n = config.clusterClients.toLocaleString('en-US');
    const rows = {};
    for (const nodes of [2, 1]) {
      const scenario = nodes === 2 ? `cluster fan-out, ${n} sockets on 2 nodes over Redis` : `same room of ${n}, one node`;
      rows[nodes] = {
        p50: figures.row({ key: `cluster.${nodes}.p50`, scenario, metric: 'last socket has it, p50 (ms)', better: 'lower' }),
        p99: figures.row({ key: `cluster.${nodes}.p99`, scenario, metric: 'last socket has it, p99 (ms)', better: 'lower' }),
      };
    }
    for (const metric of ['p50', 'p99']) {
      figures.row({
        key: `cluster.ratio.${metric}`,
        scenario: 'cluster: 2 nodes ÷ 1 node',
        metric: `last socket has it, ${metric}`,
        better: 'lower',
        ratioOf: ['ours', 'ours'],
        derived: { top: `cluster.2.${metric}`, bottom: `cluster.1.${metric}` },
      });
    }
    figures.headline({
      key: 'cluster.2.p99',
      scenario: `cluster fan-out, ${n} sockets on 2 nodes`,
      metric: 'time until the last socket has it, p99',
      row: 'cluster.2.p99',
      ratioOf: ['ours', 'socketio'],
    });
    for (const run of bench.rounds()) {
      for (const stack of bench.inRoundOrder(run, bench.stacks(['ours', 'socketio']))) {
        for (const nodes of [2, 1]) {
          let result;
          try {
            result = await clusterRun(bench, stack, nodes);
          } catch (error) {
            bench.warn(`cluster fan-out on ${nodes} node(s) of ${stack.label} failed: ${error.message}`);
            continue;
          }
          bench.log(`cluster ${nodes} node(s) run ${run} ${stack.label}: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms`);
          if (result.lost) bench.warn(`cluster fan-out on ${nodes} node(s) of ${stack.label}: ${result.lost} broadcasts incomplete after 10 s`);
          rows[nodes].p50(stack.id, result.p50, run);
          rows[nodes].p99(stack.id, result.p99, run);
        }
      }
    }
    figures.note(
      "Cluster: ours with `cluster: { redis: { url } }` (its defaults: socket.io's Redis streams adapter, connection state " +
        'recovery); raw socket.io with the same adapter and recovery wired by hand. The trigger is on node A, half the room on node B.',
    );
    await deleteKeys(config.redisUrl, bench.redisKey);
  },
};
