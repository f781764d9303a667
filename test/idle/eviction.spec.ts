import type { INestApplication } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RainEvictionInfo, type RainIdleOptions, RainIdleService } from 'rain-sockets';
import { closeComponentClients, emitWithAck, nextEvent, noEvent } from 'rain-sockets/testing';
import { connectChat, later, recordEnding, startIdleApp } from './fixtures/idle-app.js';

// A long checkInterval: these tests sweep by hand (RainIdleService.sweep), one sweep at a time.
const base: RainIdleOptions = { idleTimeout: 1_000, checkInterval: 60_000 };

describe('idle eviction: the sweep', () => {
  let app: INestApplication;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });

  afterEach(async () => {
    closeComponentClients();
    await app?.close();
    vi.useRealTimers();
  });

  it('evicts nothing below the limit, however long the sockets idle', async () => {
    app = await startIdleApp({ ...base, maxConnections: 3 });
    const [a, b] = [await connectChat(app), await connectChat(app)];
    later(30_000);
    await expect(app.get(RainIdleService).sweep()).resolves.toBe(0);
    await noEvent(a, 'rain:evicted', 100);
    await expect(emitWithAck(b, 'ping')).resolves.toEqual({ pong: true });
    expect(a.connected && b.connected).toBe(true);
    expect(app.get(RainIdleService).evictions).toBe(0);
  });

  it('at the limit, evicts the longest idle first, one sweep at a time until under the limit', async () => {
    app = await startIdleApp({ ...base, maxConnections: 3 });
    const idle = app.get(RainIdleService);
    const a = await connectChat(app);
    const b = await connectChat(app);
    const c = await connectChat(app);
    later(500);
    await emitWithAck(c, 'ping');
    await emitWithAck(b, 'ping');
    await expect(idle.sweep()).resolves.toBe(0); // at the limit, but nobody idle for 1 s yet
    later(1_500); // a idle 2 s, then c, then b: all past idleTimeout

    await expect(idle.sweep()).resolves.toBe(1);
    await expect(nextEvent(a, 'rain:evicted')).resolves.toEqual({ reason: 'idle' });
    await noEvent(c, 'rain:evicted', 100);
    // Under the limit now: the next sweep leaves b and c alone.
    await expect(idle.sweep()).resolves.toBe(0);

    await connectChat(app); // at the limit again
    await expect(idle.sweep()).resolves.toBe(1);
    await expect(nextEvent(c, 'rain:evicted')).resolves.toEqual({ reason: 'idle' });
    await expect(emitWithAck(b, 'ping')).resolves.toEqual({ pong: true });
    expect(idle.evictions).toBe(2);
    expect(idle.connections).toBe(2);
  });

  it('sends rain:evicted { reason: idle } with an ack, disconnects once the client confirms, and the client does not reconnect by itself', async () => {
    app = await startIdleApp({ ...base, maxConnections: 1 });
    const a = await connectChat(app);
    const seen = recordEnding(a);
    a.on('rain:evicted', (_payload: unknown, confirm: () => void) => {
      seen.push('confirmed');
      confirm();
    });
    later(1_500);
    await app.get(RainIdleService).sweep();
    await vi.waitFor(() => expect(seen).toEqual(['rain:evicted idle', 'confirmed', 'disconnect io server disconnect']));
    expect(a.active).toBe(false);
  });

  it('serves what the client sent before it confirmed, and lets an unconfirmed socket go after 2 s', async () => {
    app = await startIdleApp({ ...base, maxConnections: 1 });
    const a = await connectChat(app);
    const seen = recordEnding(a);
    later(1_500);
    await app.get(RainIdleService).sweep();
    // Sent after the server evicted it (the client has not heard yet): still answered.
    await expect(emitWithAck(a, 'ping')).resolves.toEqual({ pong: true });
    expect(seen).toEqual(['rain:evicted idle']);
    await vi.waitFor(() => expect(seen).toEqual(['rain:evicted idle', 'disconnect io server disconnect']), { timeout: 3_000 });
    expect(app.get(RainIdleService).evictions).toBe(1);
  });

  it('never evicts a socket active within idleTimeout, even at the limit', async () => {
    app = await startIdleApp({ ...base, maxConnections: 2 });
    const idle = app.get(RainIdleService);
    const a = await connectChat(app);
    const b = await connectChat(app);
    later(1_500);
    await emitWithAck(a, 'ping');
    await expect(idle.sweep()).resolves.toBe(1);
    await expect(nextEvent(b, 'rain:evicted')).resolves.toEqual({ reason: 'idle' });

    await connectChat(app); // at the limit, both sockets active within the last second
    later(900);
    await expect(idle.sweep()).resolves.toBe(0);
    await noEvent(a, 'rain:evicted', 100);
    await expect(emitWithAck(a, 'ping')).resolves.toEqual({ pong: true });
  });

  it('counts server emits as activity only with countServerEmits', async () => {
    const scenario = async (countServerEmits: boolean) => {
      app = await startIdleApp({ ...base, maxConnections: 2, countServerEmits });
      const speaker = await connectChat(app);
      const listener = await connectChat(app);
      later(1_500);
      await emitWithAck(speaker, 'shout', 'hello'); // speaker: an event; listener: a broadcast from the server
      await expect(nextEvent(listener, 'heard')).resolves.toBe('hello');
      const evicted = await app.get(RainIdleService).sweep();
      closeComponentClients();
      await app.close();
      return evicted;
    };
    await expect(scenario(false)).resolves.toBe(1);
    await expect(scenario(true)).resolves.toBe(0);
  });

  it('tells onEvicted (option and service listener) who went and how long it idled; a failing listener changes nothing', async () => {
    const fromOption: RainEvictionInfo[] = [];
    app = await startIdleApp({ ...base, maxConnections: 1, onEvicted: (info) => fromOption.push(info) });
    const idle = app.get(RainIdleService);
    const fromService: string[] = [];
    idle.onEvicted(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = idle.onEvicted((info) => fromService.push(info.socket.id!));
    const a = await connectChat(app);
    const id = a.id;
    later(1_500);
    await expect(idle.sweep()).resolves.toBe(1);
    expect(fromOption).toEqual([
      expect.objectContaining({ reason: 'idle', namespace: '/idle-chat/1.0.0/chat', idleMs: 1_500 }),
    ]);
    expect(fromOption[0].socket.id).toBe(id);
    expect(fromService).toEqual([id]);

    unsubscribe();
    const b = await connectChat(app);
    later(1_500);
    await idle.sweep();
    expect(fromService).toEqual([id]);
    expect(fromOption.map((info) => info.socket.id)).toEqual([id, b.id]);
    expect(idle.evictions).toBe(2);
  });
});
