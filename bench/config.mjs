// Everything a run can be told, from the environment. BENCH_QUICK=1 is a smoke run of
// every scenario in a couple of minutes; the defaults are the figures.

const list = (value, fallback) => (value ? value.split(',').map((v) => v.trim()).filter(Boolean) : fallback);
const numbers = (value, fallback) => list(value, fallback).map(Number);
const number = (value, fallback) => (value === undefined || value === '' ? fallback : Number(value));

export function readConfig(env = process.env) {
  const quick = env.BENCH_QUICK === '1';
  return {
    quick,
    /** Seconds of measured echo per run (after the warm-up). */
    seconds: number(env.BENCH_SECONDS, quick ? 2 : 10),
    /** Least warm-up of each echo run; it goes on until CPU per message has settled, up to maxWarmupSeconds. */
    warmupSeconds: number(env.BENCH_WARMUP, quick ? 1 : 10),
    maxWarmupSeconds: number(env.BENCH_MAX_WARMUP, quick ? 4 : 40),
    /** Rounds: every stack runs once per round; headline ratios are taken within a round (the pairs). */
    runs: number(env.BENCH_RUNS, quick ? 1 : 5),
    /** Echo clients. */
    clients: number(env.BENCH_CLIENTS, quick ? 100 : 1000),
    /** Room sizes for fan-out. */
    fanoutSizes: numbers(env.BENCH_FANOUT, quick ? [100, 500] : [1000, 10000]),
    /** Idle connection counts (accept time, memory per connection). */
    connections: numbers(env.BENCH_CONNECTIONS, quick ? [500] : [10000]),
    /** Broadcasts per fan-out run. */
    broadcasts: number(env.BENCH_BROADCASTS, quick ? 10 : 40),
    /** Clients of the cluster fan-out, split over the nodes. */
    clusterClients: number(env.BENCH_CLUSTER_CLIENTS, quick ? 100 : 1000),
    /** The scale scenario: connections over the nodes of one cluster, load processes, broadcasts, connect deadline. */
    scale: {
      connections: number(env.BENCH_SCALE, quick ? 2_000 : 100_000),
      nodes: number(env.BENCH_SCALE_NODES, quick ? 2 : 6),
      workers: number(env.BENCH_SCALE_WORKERS, quick ? 2 : 8),
      broadcasts: number(env.BENCH_SCALE_BROADCASTS, quick ? 3 : 10),
      gapMs: number(env.BENCH_SCALE_GAP_MS, quick ? 200 : 2_000),
      connectSeconds: number(env.BENCH_SCALE_CONNECT_SECONDS, quick ? 60 : 300),
    },
    /** Load processes. */
    workers: number(env.BENCH_WORKERS, 2),
    /** Load processes when opening many connections (each holds its share of the sockets). */
    connectWorkers: number(env.BENCH_CONNECT_WORKERS, 4),
    /** Connections each load process opens at once. */
    connectConcurrency: number(env.BENCH_CONNECT_CONCURRENCY, 50),
    /** Scenario ids to run (default all): echo, session, fanout, connections, sweep, cluster, scale. */
    only: list(env.BENCH_ONLY, undefined),
    stacks: list(env.BENCH_STACKS, ['ours', 'socketio', 'gateway', 'ws']),
    /** Stack ids (e.g. `ours,socketio`) whose servers profile each measured window into bench/profiles/. */
    profile: list(env.BENCH_PROFILE, []),
    redisUrl: env.BENCH_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    /** Where the report goes: bench/RESULTS.md from a full run; quick and partial (BENCH_ONLY) runs only print, unless told. */
    out: env.BENCH_OUT ?? (quick || env.BENCH_ONLY ? undefined : new URL('./RESULTS.md', import.meta.url).pathname),
    /** The headline table also goes to docs/benchmarks.md, from full runs that write bench/RESULTS.md. */
    docs: !quick && env.BENCH_OUT === undefined && env.BENCH_ONLY === undefined,
  };
}
