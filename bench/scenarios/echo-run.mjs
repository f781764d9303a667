// One echo run against one server: clients in closed loop, a warm-up that lasts until the
// server's CPU time per message has settled (the JIT done compiling the hot path), then the
// measured window: acks, latencies and the server's CPU time over exactly that window.
import { sleep } from '../lib/clock.mjs';
import { LoadWorkers } from '../lib/load-workers.mjs';
import { Histogram } from '../lib/stats.mjs';
import { BENCH_TOKEN, ECHO_NAMESPACE } from '../servers/contract.mjs';

const PAYLOAD = { text: 'hello from the bench', n: 42, at: '2025-01-01T00:00:00.000Z' };
/** Warm-up windows: the last SETTLED_WINDOWS of WINDOW_S each within SETTLED_WITHIN of their median. */
const WINDOW_S = 2;
const SETTLED_WINDOWS = 3;
const SETTLED_WITHIN = 0.05;

/**
 * @returns { rate, p50, p99 (ms), cpuPerMessage (µs), cpuLoad (share of one core), warmupS, settled,
 *   errors, firstError, stalled }
 */
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

    const sample = async () => {
      const [stats, counts] = await Promise.all([server.stats(), workers.all(() => ({ cmd: 'echo-sample' }))]);
      return { cpuUs: stats.cpuUs, acks: counts.reduce((n, c) => n + c.acks, 0), at: performance.now() };
    };
    await workers.all(() => ({ cmd: 'echo-start', event, payload: PAYLOAD }));
    const warmup = await warmUp(config, sample);

    const stopProfile = await server.profile();
    await workers.all(() => ({ cmd: 'echo-mark' }));
    const from = await sample();
    await sleep(config.seconds * 1000);
    const to = await sample();
    await stopProfile();
    const answers = await workers.all(() => ({ cmd: 'echo-stop' }));

    const latency = answers.reduce((h, a) => h.merge(Histogram.fromJSON(a.latency)), new Histogram());
    const acks = to.acks - from.acks;
    const cpuUs = to.cpuUs - from.cpuUs;
    const seconds = (to.at - from.at) / 1000;
    return {
      rate: acks / seconds,
      p50: latency.percentile(50) / 1000,
      p99: latency.percentile(99) / 1000,
      cpuPerMessage: cpuUs / acks,
      cpuLoad: cpuUs / (seconds * 1e6),
      ...warmup,
      errors: answers.reduce((n, a) => n + a.errors, 0),
      firstError: answers.find((a) => a.firstError)?.firstError,
      stalled: answers.reduce((n, a) => n + a.stalled, 0),
    };
  } finally {
    await workers.close();
  }
}

/**
 * Runs the load for at least `warmupSeconds`, then until CPU per message has settled or
 * `maxWarmupSeconds` have passed. @returns { warmupS, settled }
 */
export async function warmUp(config, sample) {
  const started = performance.now();
  const perMessage = [];
  let previous = await sample();
  for (;;) {
    await sleep(WINDOW_S * 1000);
    const current = await sample();
    if (current.acks > previous.acks) perMessage.push((current.cpuUs - previous.cpuUs) / (current.acks - previous.acks));
    previous = current;
    const elapsed = (performance.now() - started) / 1000;
    const settled = hasSettled(perMessage);
    if ((elapsed >= config.warmupSeconds && settled) || elapsed >= config.maxWarmupSeconds) return { warmupS: elapsed, settled };
  }
}

/** The last windows' CPU per message lie within SETTLED_WITHIN of their median. */
export function hasSettled(perMessage, windows = SETTLED_WINDOWS, within = SETTLED_WITHIN) {
  if (perMessage.length < windows) return false;
  const last = perMessage.slice(-windows).sort((a, b) => a - b);
  const median = last[Math.floor(windows / 2)];
  return last.every((value) => Math.abs(value - median) <= within * median);
}
