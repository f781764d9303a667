// One echo run against one server: clients in closed loop for the measured window, and
// the server's CPU time over exactly that window.
import { nowUs, sleep } from '../lib/clock.mjs';
import { LoadWorkers } from '../lib/load-workers.mjs';
import { Histogram } from '../lib/stats.mjs';
import { BENCH_TOKEN, ECHO_NAMESPACE } from '../servers/contract.mjs';

const PAYLOAD = { text: 'hello from the bench', n: 42, at: '2025-01-01T00:00:00.000Z' };
const LEAD_US = 300_000;

const sleepUntil = (us) => sleep(Math.max(0, (us - nowUs()) / 1000));

/** @returns { rate, p50, p99 (ms), cpuPerMessage (µs), cpuLoad (share of one core), errors, firstError } */
export async function echoRun(config, server, stack, { event = 'echo', login = false } = {}) {
  const workers = new LoadWorkers(Math.min(config.workers, config.clients));
  try {
    const opened = await workers.connect(config.clients, {
      kind: stack.client,
      origin: server.origin,
      namespace: ECHO_NAMESPACE,
      auth: { token: BENCH_TOKEN },
      login,
      concurrency: config.connectConcurrency,
    });
    if (opened.failed) throw new Error(`${opened.failed} clients could not connect: ${opened.firstError}`);

    const startAt = nowUs() + LEAD_US;
    const from = startAt + config.warmupSeconds * 1e6;
    const to = from + config.seconds * 1e6;
    const cpu = (async () => {
      await sleepUntil(from);
      const before = await server.stats();
      const stopProfile = await server.profile();
      await sleepUntil(to);
      const after = await server.stats();
      await stopProfile();
      return after.cpuUs - before.cpuUs;
    })();
    const answers = await workers.all(() => ({
      cmd: 'echo',
      event,
      payload: PAYLOAD,
      startAt,
      warmupMs: config.warmupSeconds * 1000,
      measureMs: config.seconds * 1000,
    }));
    const cpuUs = await cpu;
    const latency = answers.reduce((h, a) => h.merge(Histogram.fromJSON(a.latency)), new Histogram());
    const acks = answers.reduce((n, a) => n + a.acks, 0);
    return {
      rate: acks / config.seconds,
      p50: latency.percentile(50) / 1000,
      p99: latency.percentile(99) / 1000,
      cpuPerMessage: cpuUs / acks,
      cpuLoad: cpuUs / (config.seconds * 1e6),
      errors: answers.reduce((n, a) => n + a.errors, 0),
      firstError: answers.find((a) => a.firstError)?.firstError,
      stalled: answers.reduce((n, a) => n + a.stalled, 0),
    };
  } finally {
    await workers.close();
  }
}
