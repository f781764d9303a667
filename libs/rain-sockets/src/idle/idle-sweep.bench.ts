// Idle eviction's cost: one sweep over 10,000 and 50,000 tracked sockets, and what tracking adds
// to each event. A Vitest benchmark of the package's own code (not shipped): `npx vitest bench
// --run idle-sweep`; `npm run bench` runs it and takes the slowest sweep of each size into its table.
import type { Socket } from 'socket.io';
import { bench, describe } from 'vitest';
import { IdleEvictionExtension } from './idle-eviction.extension.js';
import { IdleTracker } from './idle-tracker.js';
import { LocalConnectionCounter } from './local-connection-counter.js';

const IDLE_TIMEOUT = 60_000;
const CHECK_INTERVAL = 10_000;
const SWEEPS = 51;
const EVENTS_PER_ITERATION = 10_000;

/** What the tracker uses of a socket.io socket (an eviction emits `rain:evicted` with a timeout). */
class FakeSocket {
  static next = 0;
  readonly id = `s${FakeSocket.next++}`;
  readonly nsp = { name: '/bench/1.0.0/chat' };
  timeout() {
    return this;
  }
  emit() {}
  disconnect() {}
}
const fake = () => new FakeSocket() as unknown as Socket;

// Putting back the sockets a sweep evicted is not part of the sweep: the clock stops meanwhile.
let untimedMs = 0;
const clock = () => performance.now() - untimedMs;
async function untimed(work: () => Promise<void>): Promise<void> {
  const start = performance.now();
  await work();
  untimedMs += performance.now() - start;
}

/**
 * `size` sockets tracked, each active once in random order. With `idle`, a sweep notes that at
 * T0 + idleTimeout, so at T0 + 10 idleTimeout all are idle, in that order; without, the activity
 * is never noted before the cutoff, so nothing is idle. `extra` pretends more connections than
 * tracked, so that a sweep evicts extra + 1.
 */
async function trackerWith(size: number, idle: boolean) {
  const T0 = 1_000_000_000;
  let now = T0;
  const counter = new LocalConnectionCounter();
  const counted = { extra: 0, add: () => counter.add(), remove: () => counter.remove(), count: () => counter.count() + counted.extra };
  const settings = { maxConnections: size, idleTimeout: IDLE_TIMEOUT, checkInterval: CHECK_INTERVAL, countServerEmits: false, refuseWhenFull: true };
  const tracker = new IdleTracker(settings, counted, { evictions: 0, refused: 0 }, { evicted() {}, failed: console.error }, () => now);
  const sockets = Array.from({ length: size }, fake);
  for (const socket of sockets) await tracker.track(socket);
  for (const i of shuffled(size)) tracker.touch(sockets[i]!);
  now = T0 + IDLE_TIMEOUT;
  if (idle && (await tracker.sweep()) !== 0) throw new Error('nothing should be idle yet');
  now = T0 + 10 * IDLE_TIMEOUT;
  return { tracker, counted };
}

function shuffled(size: number): number[] {
  const order = Array.from({ length: size }, (_, i) => i);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

for (const size of [10_000, 50_000]) {
  describe(`idle sweep, ${size} tracked`, () => {
    const cases = [
      { name: 'at the limit, evicting 1', idle: true, extra: 0 },
      { name: 'nothing idle', idle: false, extra: 0 },
      { name: 'evicting 1%', idle: true, extra: size / 100 - 1 },
    ];
    for (const { name, idle, extra } of cases) {
      let state: Awaited<ReturnType<typeof trackerWith>> | undefined;
      bench(
        name,
        async () => {
          const { tracker, counted } = state!;
          counted.extra = extra;
          const evicted = await tracker.sweep();
          counted.extra = 0;
          // New sockets replace the evicted, so every sweep sees `size` tracked.
          await untimed(async () => {
            for (let i = 0; i < evicted; i++) await tracker.track(fake());
          });
        },
        {
          iterations: SWEEPS,
          time: 0,
          // tinybench keeps a failed case's error to itself (the case just has no figures): fail loudly.
          throws: true,
          warmupIterations: 3,
          now: clock,
          setup: async () => {
            state = await trackerWith(size, idle);
          },
        },
      );
    }
  });
}

describe(`incoming() tracking, ${EVENTS_PER_ITERATION} events over 50000 sockets`, () => {
  const size = 50_000;
  const extension = new IdleEvictionExtension(
    { idle: { maxConnections: size, idleTimeout: IDLE_TIMEOUT, checkInterval: CHECK_INTERVAL } },
    new LocalConnectionCounter(),
  );
  const sockets = Array.from({ length: size }, fake);
  let next = 0;
  bench(
    'incoming()',
    () => {
      for (let i = 0; i < EVENTS_PER_ITERATION; i++) {
        extension.incoming(sockets[next]!);
        if (++next === size) next = 0;
      }
    },
    {
      time: 500,
      setup: () => {
        if (extension.enabled) return;
        extension.serverCreated();
        for (const socket of sockets) extension.connected(socket);
      },
      teardown: () => extension.serverClosing(),
    },
  );
});
