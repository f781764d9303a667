// Idle eviction's cost: the sweep over 10k and 50k tracked sockets, and what tracking adds to each message.
// Run after `npm run build:packages`: node bench/idle-sweep.mjs   (drives the compiled IdleTracker and
// IdleEvictionExtension with fake sockets)
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { IdleEvictionExtension } from '../libs/rain-sockets/dist/idle/idle-eviction.extension.js';
import { IdleTracker } from '../libs/rain-sockets/dist/idle/idle-tracker.js';
import { LocalConnectionCounter } from '../libs/rain-sockets/dist/idle/local-connection-counter.js';

const IDLE_TIMEOUT = 60_000;
const CHECK_INTERVAL = 10_000;
const RUNS = 51; // 51 sweeps evicting 1% each leave half the sockets idle: every run has candidates

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

const T0 = 1_000_000_000;
let clock = T0;
const now = () => clock;

/**
 * `size` sockets tracked, then active once each in a random order. With `idle`, a sweep
 * notes that activity at T0 + idleTimeout, so at T0 + 10 idleTimeout all are idle, in that order;
 * without, the activity is never noted before the cutoff, so nothing is idle.
 */
async function trackerWith(size, { idle = true } = {}) {
  const counter = new LocalConnectionCounter();
  // `counted.extra` pretends more connections than tracked, so that a sweep evicts extra + 1.
  const counted = { extra: 0, add: (s) => counter.add(s), remove: (s) => counter.remove(s), count: () => counter.count() + counted.extra };
  const settings = { maxConnections: size, idleTimeout: IDLE_TIMEOUT, checkInterval: CHECK_INTERVAL, countServerEmits: false, refuseWhenFull: true };
  clock = T0;
  const tracker = new IdleTracker(settings, counted, { evictions: 0, refused: 0 }, { evicted() {}, failed: console.error }, now);
  const sockets = Array.from({ length: size }, () => new FakeSocket());
  for (const socket of sockets) await tracker.track(socket);
  for (const i of shuffled(size)) tracker.touch(sockets[i]);
  clock = T0 + IDLE_TIMEOUT;
  if (idle && (await tracker.sweep()) !== 0) throw new Error('nothing should be idle yet');
  clock = T0 + 10 * IDLE_TIMEOUT;
  return { tracker, sockets, counted };
}

function shuffled(size) {
  const order = Array.from({ length: size }, (_, i) => i);
  for (let i = size - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Median time of one sweep; after each, new sockets replace the evicted so every run sees `size` tracked. */
async function sweepTime(size, { idle = true, extra = 0 } = {}) {
  const { tracker, counted } = await trackerWith(size, { idle });
  const times = [];
  let evicted = Infinity;
  for (let run = 0; run < RUNS; run++) {
    counted.extra = extra;
    const start = performance.now();
    const count = await tracker.sweep();
    times.push(performance.now() - start);
    evicted = Math.min(evicted, count);
    counted.extra = 0;
    for (let i = 0; i < count; i++) await tracker.track(new FakeSocket());
  }
  if (tracker.size !== size) throw new Error(`tracked ${tracker.size}, expected ${size}`);
  return { ms: median(times), evicted };
}

async function touchCost(size) {
  // The extension's incoming() hook, as ComponentSocketHost calls it on every event (real clock).
  const extension = new IdleEvictionExtension(
    { idle: { maxConnections: size, idleTimeout: IDLE_TIMEOUT, checkInterval: CHECK_INTERVAL } },
    new LocalConnectionCounter(),
  );
  extension.serverCreated();
  const sockets = Array.from({ length: size }, () => new FakeSocket());
  for (const socket of sockets) extension.connected(socket);
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
  // The same loop and call without tracking: what the loop itself costs.
  const baseline = (socket) => {
    if (socket === undefined) sink++;
  };
  const tracked = (socket) => extension.incoming(socket, 'new-message');
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
  extension.serverClosing();
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
  const nothingIdle = await sweepTime(size, { idle: false });
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
    `(${touch.overheadNs.toFixed(1)} ns over the same loop without tracking), ${touch.gcDuringTouches} GCs in ${touch.iterations / 1e6}M messages`,
);
