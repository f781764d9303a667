// Broadcasts to a room whose members are spread over load processes, and times each
// broadcast until the last member has it (one-way, on the machine's monotonic clock).
import { nowUs, sleep } from '../lib/clock.mjs';
import { percentileOf } from '../lib/stats.mjs';
import { openSocketIo, openWs } from '../load/clients.mjs';
import { BENCH_TOKEN, FANOUT_NAMESPACE } from '../servers/contract.mjs';

const WARMUP_BROADCASTS = 3;
const BROADCAST_TIMEOUT_MS = 10_000;
// Past this many broadcasts in a row that never reach every socket, delivery is broken: stop the run.
const LOST_IN_A_ROW = 2;

/** Collects the workers' "my last client has it" reports into one figure per broadcast. */
export class TickCollector {
  constructor() {
    this.pending = new Map();
  }

  /** Pass to LoadWorkers as onTick. */
  onTick = ({ id, maxUs }) => {
    const entry = this.pending.get(id);
    if (!entry) return;
    entry.maxUs = Math.max(entry.maxUs, maxUs);
    if (++entry.reported === entry.expected) entry.resolve(entry.maxUs);
  };

  expect(id, workers, timeoutMs = BROADCAST_TIMEOUT_MS) {
    return new Promise((resolve) => {
      this.pending.set(id, { expected: workers, reported: 0, maxUs: 0, resolve });
      setTimeout(() => resolve(NaN), timeoutMs).unref();
    }).finally(() => this.pending.delete(id));
  }
}

let nextId = 1;

/**
 * @param trigger where to send `fire` from: { origin, kind }
 * @param reporters load processes that hold members (each reports once per broadcast)
 * @param timeoutMs a broadcast that has not reached every member by then counts as lost
 * @returns p50/p99 (ms) of the time until the last member has a broadcast, and how many never completed
 */
export async function fanoutRun({ trigger, reporters, collector, broadcasts, gapMs, timeoutMs = BROADCAST_TIMEOUT_MS, profile = async () => async () => {} }) {
  const socket =
    trigger.kind === 'ws'
      ? await openWs({ origin: trigger.origin })
      : await openSocketIo({ origin: trigger.origin, namespace: FANOUT_NAMESPACE, auth: { token: BENCH_TOKEN } });
  const fire = (tick) => (trigger.kind === 'ws' ? socket.send(`F${JSON.stringify(tick)}`) : socket.emit('fire', tick));
  const lasts = [];
  let lost = 0;
  let inARow = 0;
  let stopProfile = async () => {};
  try {
    for (let i = 0; i < WARMUP_BROADCASTS + broadcasts; i++) {
      if (i === WARMUP_BROADCASTS) stopProfile = await profile();
      const id = nextId++;
      const done = collector.expect(id, reporters, timeoutMs);
      fire({ id, t: nowUs() });
      const lastUs = await done;
      inARow = Number.isFinite(lastUs) ? 0 : inARow + 1;
      if (inARow === LOST_IN_A_ROW) {
        throw new Error(`${LOST_IN_A_ROW} broadcasts in a row did not reach every socket within ${timeoutMs / 1000} s`);
      }
      if (i >= WARMUP_BROADCASTS) Number.isFinite(lastUs) ? lasts.push(lastUs / 1000) : lost++;
      await sleep(gapMs);
    }
  } finally {
    await stopProfile();
    trigger.kind === 'ws' ? socket.terminate() : socket.disconnect();
  }
  return { p50: percentileOf(lasts, 50), p99: percentileOf(lasts, 99), lost };
}
