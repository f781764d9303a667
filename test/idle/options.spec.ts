import type { INestApplication } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidRainSocketsOptionError, type RainIdleOptions, RainIdleService } from 'rain-sockets';
import { closeComponentClients, emitWithAck } from 'rain-sockets/testing';
import { connectChat, startIdleApp } from './fixtures/idle-app.js';

describe('idle eviction: options', () => {
  let app: INestApplication | undefined;

  afterEach(async () => {
    closeComponentClients();
    await app?.close();
    app = undefined;
  });

  it('is off when maxConnections is unset: no limit, no sweep', async () => {
    app = await startIdleApp({ idleTimeout: 1, checkInterval: 10 });
    const sockets = await Promise.all([1, 2, 3, 4].map(() => connectChat(app!)));
    await expect(emitWithAck(sockets[0], 'ping')).resolves.toEqual({ pong: true });
    const idle = app.get(RainIdleService);
    expect(idle.enabled).toBe(false);
    await expect(idle.sweep()).resolves.toBe(0);
    expect(sockets.every((s) => s.connected)).toBe(true);
  });

  it.each<[string, RainIdleOptions, string]>([
    ['idle.maxConnections', { maxConnections: 0 }, 'a positive integer; got 0'],
    ['idle.maxConnections', { maxConnections: 2.5 }, 'a positive integer; got 2.5'],
    ['idle.idleTimeout', { maxConnections: 1, idleTimeout: -5 }, 'a positive number of milliseconds; got -5'],
    ['idle.checkInterval', { maxConnections: 1, checkInterval: 2 ** 31 }, 'up to 2147483647'],
    ['idle.refuseWhenFull', { maxConnections: 1, refuseWhenFull: 'no' as never }, 'a boolean; got "no"'],
    ['idle.onEvicted', { maxConnections: 1, onEvicted: 'log' as never }, 'a function'],
    ['idle.counter', { maxConnections: 1, counter: { count: () => 0 } as never }, 'a RainConnectionCounter'],
  ])('stops the start-up on a bad %s', async (option, idle, expected) => {
    const failure = startIdleApp(idle).then((started) => (app = started));
    await expect(failure).rejects.toBeInstanceOf(InvalidRainSocketsOptionError);
    await expect(failure).rejects.toMatchObject({ option, message: expect.stringContaining(expected) });
  });
});
