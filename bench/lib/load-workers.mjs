// The load generators: a few processes of socket.io-client (or ws) clients.
import { fileURLToPath } from 'node:url';
import { forkWithIpc } from './ipc.mjs';
import { cores, pin } from './pinning.mjs';

const WORKER = fileURLToPath(new URL('../load/worker.mjs', import.meta.url));

export class LoadWorkers {
  /** @param count processes; @param onTick (tick) for fan-out arrivals */
  constructor(count, { onTick = () => {} } = {}) {
    this.workers = Array.from({ length: count }, () =>
      forkWithIpc(WORKER, { onEvent: (message) => message?.type === 'tick' && onTick(message) }),
    );
  }

  get size() {
    return this.workers.length;
  }

  /** Resolves once every worker answers, pinned to the load's cores (after its threads exist). */
  ready() {
    this.started ??= Promise.all(
      this.workers.map(async (worker) => {
        await worker.request({ cmd: 'ping' }, 30_000);
        pin(worker.child.pid, cores()?.load);
      }),
    );
    return this.started;
  }

  /** Sends each worker its command (`make(index)`) and resolves with every answer. */
  all(make, timeoutMs) {
    return Promise.all(this.workers.map((worker, index) => worker.request(make(index), timeoutMs)));
  }

  /**
   * Opens `total` clients split evenly over the workers (`perWorker(i)` may change a worker's
   * options, e.g. its server); resolves with the counts and the wall time.
   */
  async connect(total, options, perWorker = () => ({})) {
    await this.ready();
    const startedAt = performance.now();
    const answers = await this.all((i) => ({ cmd: 'connect', ...options, ...perWorker(i), count: share(total, this.size, i) }));
    return {
      connected: sum(answers.map((a) => a.connected)),
      failed: sum(answers.map((a) => a.failed)),
      firstError: answers.find((a) => a.firstError)?.firstError,
      ms: performance.now() - startedAt,
    };
  }

  async close() {
    await Promise.allSettled(this.workers.map((worker) => worker.request({ cmd: 'close' }, 30_000)));
    await Promise.all(this.workers.map((worker) => worker.exited(5_000)));
  }
}

export const share = (total, parts, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0);
const sum = (values) => values.reduce((a, b) => a + b, 0);
