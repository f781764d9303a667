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
    warmupSeconds: number(env.BENCH_WARMUP, quick ? 0.5 : 2),
    /** Runs per figure; each figure is their median. */
    runs: number(env.BENCH_RUNS, quick ? 1 : 3),
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
    /** Load processes. */
    workers: number(env.BENCH_WORKERS, 2),
    /** Load processes when opening many connections (each holds its share of the sockets). */
    connectWorkers: number(env.BENCH_CONNECT_WORKERS, 4),
    /** Connections each load process opens at once. */
    connectConcurrency: number(env.BENCH_CONNECT_CONCURRENCY, 50),
    /** Scenario ids to run (default all): echo, session, fanout, connections, sweep, cluster. */
    only: list(env.BENCH_ONLY, undefined),
    stacks: list(env.BENCH_STACKS, ['ours', 'socketio', 'gateway', 'ws']),
    /** Stack ids (e.g. `ours,socketio`) whose servers profile each measured window into bench/profiles/. */
    profile: list(env.BENCH_PROFILE, []),
    redisUrl: env.BENCH_REDIS_URL ?? env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    /** Where the table goes; quick runs write nowhere unless told. */
    out: env.BENCH_OUT ?? (quick ? undefined : new URL('./RESULTS.md', import.meta.url).pathname),
  };
}
