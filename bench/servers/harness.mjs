// The server side of the IPC between a bench server process and the runner: the server
// says where it listens, answers CPU and memory questions, profiles a window, writes a heap
// snapshot, and stops when told.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

// A V8 CPU profile (the format of --cpu-prof) of just the measured window: --cpu-prof would
// also record start-up and the clients connecting, which drown the hot path.
const SAMPLING_INTERVAL_US = 250;
let profiler;

async function startProfile() {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
  await profiler.post('Profiler.start');
}

async function stopProfile(path) {
  const { profile } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  profiler = undefined;
  writeFileSync(path, JSON.stringify(profile));
}

/** Call once the server listens. `close` must release the port and every connection. */
export function reportReady({ port, close }) {
  process.on('message', async (message) => {
    if (message?.type === 'stats') {
      if (message.gc && global.gc) {
        // Twice: the first pass may only finalize what the second frees.
        global.gc();
        global.gc();
      }
      process.send({ re: message.id, cpu: process.cpuUsage(), memory: process.memoryUsage() });
    } else if (message?.type === 'snapshot') {
      global.gc?.();
      (await import('node:v8')).writeHeapSnapshot(message.path);
      process.send({ re: message.id });
    } else if (message?.type === 'profile') {
      await (message.path ? stopProfile(message.path) : startProfile());
      process.send({ re: message.id });
    } else if (message?.type === 'stop') {
      await Promise.race([close(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      process.send({ re: message.id }, () => process.exit(0));
    }
  });
  // The runner is gone (killed, crashed): do not outlive it holding a port.
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', port });
}

/** What the runner asked this server to do, from its environment. */
export const serverEnv = {
  port: Number(process.env.BENCH_PORT ?? 0),
  /** '' | 'memory' | 'redis' */
  session: process.env.BENCH_SESSION ?? '',
  /** Set when the server is one node of a cluster over Redis. */
  cluster: process.env.BENCH_CLUSTER === '1',
  redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  /** Prefix of every Redis key and channel of this bench run, so other users of the Redis are untouched. */
  redisKey: process.env.BENCH_REDIS_KEY ?? 'rain-bench',
};

export const SESSION_SECRET = 'rain-bench-secret';
