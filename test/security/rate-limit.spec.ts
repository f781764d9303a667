import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RainSocketsOptions } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { guarded } from './fixtures/guarded.component.js';
import { type GuardedApp, bystander, startGuardedApp } from './fixtures/guarded-app.js';

// A bucket that does not refill within a test.
const NO_REFILL = 0.001;

describe('rate limits', () => {
  let running: GuardedApp | undefined;

  async function start(options: RainSocketsOptions = {}) {
    running = await startGuardedApp(options);
    return running;
  }

  afterEach(async () => {
    vi.useRealTimers();
    closeComponentClients();
    await running?.app.close();
    running = undefined;
  });

  it('refuses events over the per-connection budget with rate_limited, by ack or exception', async () => {
    const app = await start({ rateLimit: { perConnection: { burst: 3, perSecond: NO_REFILL }, perUser: false } });
    const socket = await connectComponent(app.app, guarded);
    const other = await connectComponent(app.app, guarded);
    for (const n of [1, 2, 3]) await expect(emitWithAck(socket, 'echo', n)).resolves.toBe(n);
    const refused = await emitWithAck(socket, 'echo', 4);
    expect(refused).toMatchObject({ status: 'error', code: 'rate_limited', event: 'echo', details: { scope: 'connection' } });
    expect(refused.message).toMatch(/^Too many events \(connection limit\); retry in \d+ ms\.$/);
    socket.emit('echo', 5);
    await expect(nextEvent(socket, 'exception')).resolves.toMatchObject({ code: 'rate_limited', event: 'echo' });
    // Another connection has its own budget.
    await expect(emitWithAck(other, 'echo', 'fine')).resolves.toBe('fine');
  });

  it("shares the per-user budget among a session's sockets, and reconnecting does not refill it", async () => {
    const app = await start({ rateLimit: { perConnection: false, perUser: { burst: 4, perSecond: NO_REFILL } } });
    const cookie = await app.newCookie();
    const first = await connectComponent(app.app, guarded, { cookie });
    const second = await connectComponent(app.app, guarded, { cookie });
    const stranger = await connectComponent(app.app, guarded, { cookie: await app.newCookie() });
    for (const socket of [first, second, first, second]) await expect(emitWithAck(socket, 'echo', 'ok')).resolves.toBe('ok');
    await expect(emitWithAck(second, 'echo', 'x')).resolves.toMatchObject({ code: 'rate_limited', details: { scope: 'user' } });
    await expect(emitWithAck(stranger, 'echo', 'ok')).resolves.toBe('ok');
    first.disconnect();
    second.disconnect();
    const again = await connectComponent(app.app, guarded, { cookie });
    await expect(emitWithAck(again, 'echo', 'x')).resolves.toMatchObject({ code: 'rate_limited', details: { scope: 'user' } });
  });

  it('limits single events on top of the rest', async () => {
    const app = await start({ rateLimit: { events: { note: { burst: 1, perSecond: NO_REFILL } } } });
    const socket = await connectComponent(app.app, guarded);
    const note = { text: 'hi', tags: [] };
    await expect(emitWithAck(socket, 'note', note)).resolves.toEqual({ saved: 'hi' });
    await expect(emitWithAck(socket, 'note', note)).resolves.toMatchObject({ code: 'rate_limited', details: { scope: 'event' } });
    await expect(emitWithAck(socket, 'echo', 'other events pass')).resolves.toBe('other events pass');
  });

  it('refills the bucket over time', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const app = await start({ rateLimit: { perConnection: { burst: 1, perSecond: 10 }, perUser: false } });
    const socket = await connectComponent(app.app, guarded);
    await expect(emitWithAck(socket, 'echo', 1)).resolves.toBe(1);
    await expect(emitWithAck(socket, 'echo', 2)).resolves.toMatchObject({ code: 'rate_limited', details: { retryAfter: 100 } });
    vi.setSystemTime(Date.now() + 100);
    await expect(emitWithAck(socket, 'echo', 3)).resolves.toBe(3);
  });

  it('is on by default: 100 events at once pass, the next are refused', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // no refill while the burst travels
    const app = await start();
    const socket = await connectComponent(app.app, guarded);
    const answers = await Promise.all(Array.from({ length: 110 }, (_, i) => emitWithAck(socket, 'echo', i)));
    expect(answers.slice(0, 100)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(answers.slice(100).every((a) => a?.code === 'rate_limited')).toBe(true);
  });

  it('turns off with rateLimit: false', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const app = await start({ rateLimit: false });
    const socket = await connectComponent(app.app, guarded);
    const answers = await Promise.all(Array.from({ length: 150 }, (_, i) => emitWithAck(socket, 'echo', i)));
    expect(answers).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('counts events without a handler too', async () => {
    const app = await start({ rateLimit: { perConnection: { burst: 2, perSecond: NO_REFILL }, perUser: false } });
    const socket = await connectComponent(app.app, guarded);
    await expect(emitWithAck(socket, 'no-such-event')).resolves.toMatchObject({ code: 'unknown_event' });
    await expect(emitWithAck(socket, 'no-such-event')).resolves.toMatchObject({ code: 'unknown_event' });
    await expect(emitWithAck(socket, 'no-such-event')).resolves.toMatchObject({ code: 'rate_limited' });
    await expect(emitWithAck(socket, 'echo', 1)).resolves.toMatchObject({ code: 'rate_limited' });
  });

  it('disconnects a socket that keeps flooding, and serves the others', async () => {
    const app = await start({ rateLimit: { perConnection: { burst: 4, perSecond: NO_REFILL }, perUser: false, disconnectAfter: 5 } });
    const other = await bystander(app);
    const flooder = await connectComponent(app.app, guarded, { cookie: await app.newCookie() });
    const gone = new Promise((resolve) => flooder.once('disconnect', resolve));
    const answers: unknown[] = [];
    for (let i = 0; i < 30; i++) flooder.emit('echo', i, (answer: unknown) => answers.push(answer));
    await expect(gone).resolves.toBe('io server disconnect');
    // Each answer it got before the cut is its echo or a refusal; there were at least `disconnectAfter` refusals.
    const refusals = answers.filter((a) => (a as { code?: string }).code === 'rate_limited');
    expect(refusals.length).toBeGreaterThanOrEqual(5);
    expect(answers.filter((a) => !refusals.includes(a)).every((a) => typeof a === 'number' && a < 4)).toBe(true);
    expect(app.socket.disconnects).toContain('server namespace disconnect');
    await other.stillServed();
  });
});
