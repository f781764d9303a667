// Idle eviction's cost: the sweep over 10k and 50k tracked sockets, and what tracking adds to each message.
// Run after `npm run build`: node bench/idle-sweep.mjs   (drives the compiled IdleTracker with fake sockets)
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { IdleTracker } from '../dist/libs/rain-sockets/src/idle/idle-tracker.js';
import { LocalConnectionCounter } from '../dist/libs/rain-sockets/src/idle/local-connection-counter.js';

const IDLE_TIMEOUT = 60_000;
const CHECK_INTERVAL = 10_000;
const RUNS = 101;

/** What the tracker uses of a socket.io socket. */
class FakeSocket {
  static next = 0;
  constructor() {
    this.id = `s${FakeSocket.next++}`;
    this.nsp = { name: '/bench/1.0.0/chat' };
  }
  emit() {}
  disconnect() {}
}

let clock = 1_000_000_000;
const now = () => clock;

async function trackerWith(size, { extra = 0 } = {}) {
  const counter = new LocalConnectionCounter();
  // `extra` pretends more connections than tracked, so one sweep evicts extra + 1.
  const counted = { add: (s) => counter.add(s), remove: (s) => counter.remove(s), count: () => counter.count() + extra };
  const settings = { maxConnections: size, idleTimeout: IDLE_TIMEOUT, checkInterval: CHECK_INTERVAL, countServerEmits: false, refuseWhenFull: true };
  const tracker = new IdleTracker(settings, counted, { evictions: 0, refused: 0 }, { evicted() {}, failed: console.error }, now);
  const sockets = [];
  for (let i = 0; i < size; i++) {
    const socket = new FakeSocket();
    sockets.push(socket);
    clock = 1_000_000_000 - Math.floor(Math.random() * 10 * IDLE_TIMEOUT);
    await tracker.track(socket);
  }
  clock = 1_000_000_000;
  return { tracker, sockets };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Median time of one sweep; after each, new sockets replace the evicted so every run sees `size` tracked. */
async function sweepTime(size, { allActive = false, extra = 0 } = {}) {
  const { tracker, sockets } = await trackerWith(size, { extra });
  if (allActive) for (const socket of sockets) tracker.touch(socket);
  const times = [];
  let evicted = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const count = await tracker.sweep();
    times.push(performance.now() - start);
    evicted = count;
    for (let i = 0; i < count; i++) {
      clock = 1_000_000_000 - 2 * IDLE_TIMEOUT;
      await tracker.track(new FakeSocket());
    }
    clock = 1_000_000_000;
  }
  return { ms: median(times), evicted, tracked: tracker.size };
}

async function touchCost(size) {
  const { tracker, sockets } = await trackerWith(size);
  const real = new IdleTracker(
    { maxConnections: size, idleTimeout: IDLE_TIMEOUT, checkInterval: CHECK_INTERVAL, countServerEmits: false, refuseWhenFull: true },
    new LocalConnectionCounter(),
    { evictions: 0, refused: 0 },
    { evicted() {}, failed: console.error },
  ); // the real clock (Date.now), as in production
  for (const socket of sockets) tracker.untrack(socket);
  for (const socket of sockets) await real.track(socket);
  const iterations = 20_000_000;
  const loop = (touch) => {
    const start = performance.now();
    for (let i = 0, s = 0; i < iterations; i++) {
      touch(sockets[s]);
      if (++s === size) s = 0;
    }
    return performance.now() - start;
  };
  let sink = 0;
  const baseline = (socket) => {
    sink += socket.id.length;
  };
  const tracked = (socket) => real.touch(socket);
  for (let warm = 0; warm < 2; warm++) {
    loop(baseline);
    loop(tracked);
  }
  const gcs = [];
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const base = median([loop(baseline), loop(baseline), loop(baseline)]);
  const gcBefore = await settledCount(gcs);
  const withTouch = median([loop(tracked), loop(tracked), loop(tracked)]);
  const gcAfter = await settledCount(gcs);
  observer.disconnect();
  return {
    perCallNs: (withTouch * 1e6) / iterations,
    overheadNs: ((withTouch - base) * 1e6) / iterations,
    gcDuringTouches: gcAfter - gcBefore,
    iterations: iterations * 3,
    sink,
  };
}

async function settledCount(list) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  return list.length;
}

const fmt = (ms) => `${ms.toFixed(3)} ms`;
console.log(`idle sweep (median of ${RUNS}; idleTimeout ${IDLE_TIMEOUT} ms, checkInterval ${CHECK_INTERVAL} ms; node ${process.version})`);
for (const size of [10_000, 50_000]) {
  const atLimit = await sweepTime(size);
  const nothingIdle = await sweepTime(size, { allActive: true });
  const onePercent = await sweepTime(size, { extra: size / 100 - 1 });
  console.log(
    `  ${String(size).padStart(6)} tracked: at the limit, evicting ${atLimit.evicted}: ${fmt(atLimit.ms)} | ` +
      `nothing idle: ${fmt(nothingIdle.ms)} | evicting ${onePercent.evicted} (1%): ${fmt(onePercent.ms)} ` +
      `(${((atLimit.ms / CHECK_INTERVAL) * 100).toFixed(4)}% of checkInterval)`,
  );
}
const touch = await touchCost(50_000);
console.log(
  `incoming() tracking over 50000 sockets: ${touch.perCallNs.toFixed(1)} ns per message ` +
    `(${touch.overheadNs.toFixed(1)} ns over an empty call), ${touch.gcDuringTouches} GCs in ${touch.iterations / 1e6}M messages`,
);
