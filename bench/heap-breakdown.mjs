// What an idle connection holds on the heap, by constructor: N sockets on the fan-out namespace
// of our server and of raw socket.io, a heap snapshot of each server before and after, and the
// difference per socket, side by side. The "profile" of the heap-per-connection figure.
//   node bench/heap-breakdown.mjs [N=2000]        (after npm run build:packages)
//   BENCH_OURS_OPTIONS='{"slowConsumer":false}' node bench/heap-breakdown.mjs
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoadWorkers } from './lib/load-workers.mjs';
import { startServer } from './lib/server-process.mjs';
import { BENCH_TOKEN, FANOUT_NAMESPACE } from './servers/contract.mjs';
import { STACKS } from './stacks.mjs';

const count = Number(process.argv[2] ?? 2_000);

/** Self size and count by constructor (objects and closures) or by V8 node type. */
function bySize(path) {
  const snapshot = JSON.parse(readFileSync(path, 'utf8'));
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const totals = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const kind = types[snapshot.nodes[i + type]];
    const key = kind === 'object' || kind === 'closure' ? `${kind} ${snapshot.strings[snapshot.nodes[i + name]] || '(anonymous)'}` : `(${kind})`;
    const entry = totals.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += snapshot.nodes[i + size];
    totals.set(key, entry);
  }
  return totals;
}

async function perSocket(stack, dir) {
  const server = await startServer(stack, { pin: false });
  const workers = new LoadWorkers(2);
  try {
    await server.heapSnapshot(join(dir, `${stack.id}-0.heapsnapshot`));
    const opened = await workers.connect(count, { kind: 'sio', origin: server.origin, namespace: FANOUT_NAMESPACE, auth: { token: BENCH_TOKEN }, concurrency: 50 });
    if (opened.failed) throw new Error(`${opened.failed} sockets could not connect: ${opened.firstError}`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await server.heapSnapshot(join(dir, `${stack.id}-1.heapsnapshot`));
  } finally {
    await workers.close();
    await server.stop();
  }
  const before = bySize(join(dir, `${stack.id}-0.heapsnapshot`));
  const after = bySize(join(dir, `${stack.id}-1.heapsnapshot`));
  const diff = new Map();
  for (const [key, { count: n, bytes }] of after) {
    const was = before.get(key) ?? { count: 0, bytes: 0 };
    diff.set(key, { count: (n - was.count) / count, bytes: (bytes - was.bytes) / count });
  }
  return diff;
}

const dir = mkdtempSync(join(tmpdir(), 'rain-heap-'));
try {
  const ours = await perSocket(STACKS.ours, dir);
  const raw = await perSocket(STACKS.socketio, dir);
  const total = (m) => [...m.values()].reduce((sum, e) => sum + e.bytes, 0);
  console.log(`Heap per idle socket (${count} sockets; self sizes from heap snapshots after a full GC; (code) is compiled code, not per socket)\n`);
  console.log('| what | rain-sockets: count, bytes | raw socket.io: count, bytes | difference (bytes) |');
  console.log('| --- | ---: | ---: | ---: |');
  const keys = [...new Set([...ours.keys(), ...raw.keys()])]
    .map((key) => ({ key, a: ours.get(key) ?? { count: 0, bytes: 0 }, b: raw.get(key) ?? { count: 0, bytes: 0 } }))
    .filter(({ a, b }) => Math.abs(a.bytes) >= 4 || Math.abs(b.bytes) >= 4)
    .sort((x, y) => Math.abs(y.a.bytes - y.b.bytes) - Math.abs(x.a.bytes - x.b.bytes) || y.a.bytes - x.a.bytes);
  for (const { key, a, b } of keys) {
    console.log(`| ${key} | ${a.count.toFixed(2)}, ${a.bytes.toFixed(0)} | ${b.count.toFixed(2)}, ${b.bytes.toFixed(0)} | ${(a.bytes - b.bytes).toFixed(0)} |`);
  }
  console.log(`| total | ${total(ours).toFixed(0)} | ${total(raw).toFixed(0)} | ${(total(ours) - total(raw)).toFixed(0)} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
