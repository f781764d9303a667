import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { closeComponentClients, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { guarded } from './fixtures/guarded.component.js';
import { type GuardedApp, startGuardedApp } from './fixtures/guarded-app.js';

const ROUNDS = 250;
const PER_ROUND = 12; // 10 admitted (the cap), 2 refused: both paths, 3000 handshakes in all
const CAP = 10;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// A real collection, so the heap reading measures what is kept, not what is not yet collected:
// the test worker is not started with --expose-gc, so turn it on here and take V8's gc().
v8.setFlagsFromString('--expose-gc');
const gc = ((globalThis as { gc?: () => void }).gc ?? runInNewContext('gc')) as (() => void) | undefined;

/** Heap in use: after a full GC when the worker exposes one, else the lowest of repeated readings. */
async function heapUsed(): Promise<number> {
  if (gc) {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  }
  let lowest = Infinity;
  for (let i = 0; i < 10; i++) {
    await pause(30);
    lowest = Math.min(lowest, process.memoryUsage().heapUsed);
  }
  return lowest;
}

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

describe('connection churn', () => {
  let running: GuardedApp | undefined;

  afterEach(async () => {
    closeComponentClients();
    await running?.app.close();
    running = undefined;
  });

  it('leaves no sockets, timers, counts or heap behind after thousands of connects and disconnects', async () => {
    const app = (running = await startGuardedApp({ connectionLimit: { perUser: CAP } }));
    const cookie = await app.newCookie();
    let admitted = 0;
    let refused = 0;

    async function round() {
      const results = await Promise.allSettled(Array.from({ length: PER_ROUND }, () => connectComponent(app.app, guarded, { cookie })));
      for (const result of results) {
        if (result.status === 'fulfilled') {
          admitted++;
          result.value.disconnect();
        } else {
          expect(result.reason.data.code).toBe('too_many_connections');
          refused++;
        }
      }
      closeComponentClients();
      // The next round starts once the server saw every disconnect: otherwise it is the cap, not a leak, that refuses.
      while (app.socket.disconnects.length < admitted) await pause(2);
    }

    for (let i = 0; i < 20; i++) await round(); // warm-up: lazy allocations, JIT
    await pause(200);
    const handlesBefore = handles();
    const heapBefore = await heapUsed();

    for (let i = 0; i < ROUNDS; i++) await round();
    await pause(200);
    const handlesAfter = handles();
    const heapAfter = await heapUsed();

    expect(admitted).toBe((ROUNDS + 20) * CAP);
    expect(refused).toBe((ROUNDS + 20) * (PER_ROUND - CAP));
    console.log(
      `churn: ${ROUNDS * PER_ROUND} handshakes, heap ${(heapBefore / 2 ** 20).toFixed(1)} → ${(heapAfter / 2 ** 20).toFixed(1)} MB` +
        ` (gc: ${gc ? 'yes' : 'no'}), handles ${JSON.stringify(handlesBefore)} → ${JSON.stringify(handlesAfter)}`,
    );
    for (const type of ['TCPSocketWrap', 'Timeout']) expect(handlesAfter[type] ?? 0).toBeLessThanOrEqual((handlesBefore[type] ?? 0) + 3);
    // Generous: one socket kept per handshake would be well over 30 MB.
    expect(heapAfter - heapBefore).toBeLessThan((gc ? 8 : 24) * 2 ** 20);
    // The tally forgot every socket: the full cap is there again.
    const sockets = await Promise.all(Array.from({ length: CAP }, () => connectComponent(app.app, guarded, { cookie })));
    await expect(emitWithAck(sockets[CAP - 1]!, 'echo', 'room for all')).resolves.toBe('room for all');
  }, 120_000);
});
