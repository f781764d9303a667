import type { INestApplication } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RainConnectionCounter, type RainIdleOptions, RainIdleService } from 'rain-sockets';
import { closeComponentClients, emitWithAck, nextEvent, noEvent } from 'rain-sockets/testing';
import { connectChat, later, startIdleApp } from './fixtures/idle-app.js';

const base: RainIdleOptions = { idleTimeout: 1_000, checkInterval: 60_000 };

describe('idle eviction: admitting new connections', () => {
  let app: INestApplication;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });

  afterEach(async () => {
    closeComponentClients();
    await app?.close();
    vi.useRealTimers();
  });

  it('refuses a new connection with "server full" when nothing is idle, and keeps serving the others', async () => {
    app = await startIdleApp({ ...base, maxConnections: 2 });
    const [a, b] = [await connectChat(app), await connectChat(app)];
    await expect(connectChat(app)).rejects.toMatchObject({ message: 'server full', data: { code: 'server_full' } });
    await expect(connectChat(app)).rejects.toMatchObject({ data: { code: 'server_full' } });
    await expect(emitWithAck(a, 'ping')).resolves.toEqual({ pong: true });
    await expect(emitWithAck(b, 'ping')).resolves.toEqual({ pong: true });
    const idle = app.get(RainIdleService);
    expect({ refused: idle.refused, evictions: idle.evictions, connections: idle.connections }).toEqual({
      refused: 2,
      evictions: 0,
      connections: 2,
    });
  });

  it('admits a new connection at the limit by evicting the longest idle socket', async () => {
    app = await startIdleApp({ ...base, maxConnections: 2 });
    const a = await connectChat(app);
    const b = await connectChat(app);
    later(1_500);
    await emitWithAck(b, 'ping');
    const c = await connectChat(app);
    await expect(nextEvent(a, 'rain:evicted')).resolves.toEqual({ reason: 'idle' });
    await noEvent(b, 'rain:evicted', 100);
    await expect(emitWithAck(c, 'ping')).resolves.toEqual({ pong: true });
    const idle = app.get(RainIdleService);
    expect({ refused: idle.refused, evictions: idle.evictions, connections: idle.connections }).toEqual({
      refused: 0,
      evictions: 1,
      connections: 2,
    });
  });

  it('frees the slot of a socket that left: a new one gets in', async () => {
    app = await startIdleApp({ ...base, maxConnections: 1 });
    const a = await connectChat(app);
    a.disconnect();
    await vi.waitFor(() => expect(app.get(RainIdleService).connections).toBe(0));
    const b = await connectChat(app);
    await expect(emitWithAck(b, 'ping')).resolves.toEqual({ pong: true });
    expect(app.get(RainIdleService).refused).toBe(0);
  });

  it('admits over the limit with refuseWhenFull: false, and the sweep brings it back under once sockets idle', async () => {
    app = await startIdleApp({ ...base, maxConnections: 1, refuseWhenFull: false });
    const a = await connectChat(app);
    const b = await connectChat(app);
    const idle = app.get(RainIdleService);
    const order: string[] = [];
    idle.onEvicted((info) => order.push(info.socket.id!));
    expect({ refused: idle.refused, connections: idle.connections }).toEqual({ refused: 0, connections: 2 });
    await expect(idle.sweep()).resolves.toBe(0); // over the limit, nothing idle yet: both stay
    later(500);
    await emitWithAck(b, 'ping');
    await emitWithAck(a, 'ping');
    await idle.sweep();
    later(1_500);
    // Two sockets, limit 1: the sweep evicts until under it, b (quiet longer) before a.
    const ids = [b.id, a.id];
    await expect(idle.sweep()).resolves.toBe(2);
    expect(order).toEqual(ids);
    expect(idle.connections).toBe(0);
  });

  it('measures the limit with a pluggable counter (e.g. cluster-wide)', async () => {
    const seen: string[] = [];
    let clusterCount = 0;
    const counter: RainConnectionCounter = {
      add: (socket) => seen.push(`add ${socket.id}`),
      remove: (socket) => seen.push(`remove ${socket.id}`),
      count: async () => clusterCount,
    };
    app = await startIdleApp({ ...base, maxConnections: 5, counter });
    const a = await connectChat(app);
    const id = a.id;
    expect(seen).toEqual([`add ${id}`]);
    clusterCount = 5; // the other nodes filled the cluster
    await expect(connectChat(app)).rejects.toMatchObject({ data: { code: 'server_full' } });
    later(1_500);
    // This node holds 1 of the cluster's 5 sockets: it takes a fifth of the excess of 1,
    // rounded at random, so that the nodes together evict one socket, not one each.
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    await expect(app.get(RainIdleService).sweep()).resolves.toBe(0);
    random.mockReturnValue(0.1);
    await expect(app.get(RainIdleService).sweep()).resolves.toBe(1);
    random.mockRestore();
    await expect(nextEvent(a, 'rain:evicted')).resolves.toEqual({ reason: 'idle' });
    expect(seen).toEqual([`add ${id}`, `remove ${id}`]);
  });

  it("admits on this node's own count when the counter fails", async () => {
    const counter: RainConnectionCounter = { add() {}, remove() {}, count: () => Promise.reject(new Error('redis down')) };
    app = await startIdleApp({ ...base, maxConnections: 2, counter });
    const a = await connectChat(app);
    await connectChat(app);
    await expect(connectChat(app)).rejects.toMatchObject({ data: { code: 'server_full' } });
    await expect(emitWithAck(a, 'ping')).resolves.toEqual({ pong: true });
  });
});
