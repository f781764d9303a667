import type { Socket as NetSocket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RainSocketsOptions } from 'rain-sockets';
import { closeComponentClients, emitWithAck } from 'rain-sockets/testing';
import { GUARDED_NAMESPACE } from './fixtures/guarded.component.js';
import { type GuardedApp, bystander, startGuardedApp } from './fixtures/guarded-app.js';
import { RawClient } from './fixtures/raw-client.js';

const CHUNK = 64 * 1024;

describe('slow consumers', () => {
  let running: GuardedApp | undefined;
  const raws: RawClient[] = [];

  async function start(options: RainSocketsOptions) {
    running = await startGuardedApp(options);
    return running;
  }

  afterEach(async () => {
    closeComponentClients();
    for (const raw of raws.splice(0)) raw.close();
    await running?.app.close();
    running = undefined;
  });

  it('disconnects a client that stops reading while the server keeps sending, and serves the others', async () => {
    const app = await start({ slowConsumer: { maxBufferedBytes: 256 * 1024, grace: 100 } });
    const other = await bystander(app);
    const slow = await RawClient.connect(app.url);
    raws.push(slow);
    // From now on it reads nothing: what the server sends piles up in the kernel, then in the server.
    (slow.ws as unknown as { _socket: NetSocket })._socket.pause();
    let sent = 0;
    while (!app.socket.disconnects.includes('forced close')) {
      slow.send(`42${GUARDED_NAMESPACE},${++sent}["pour",{"count":8,"size":${CHUNK}}]`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      // 64 MB is far more than the kernel buffers plus the limit: by then it must have been cut.
      expect(sent * 8 * CHUNK).toBeLessThan(64 * 1024 * 1024);
    }
    // A healthy client that gets a burst of 2.5 MB at once is not cut: it reads.
    let chunks = 0;
    other.socket.on('chunk', () => chunks++);
    await expect(emitWithAck(other.socket, 'pour', { count: 40, size: CHUNK }, 5_000)).resolves.toBe(40);
    expect(chunks).toBe(40);
    await other.stillServed();
  });

  it('leaves a client alone when slowConsumer is false', async () => {
    const app = await start({ slowConsumer: false });
    const slow = await RawClient.connect(app.url);
    raws.push(slow);
    (slow.ws as unknown as { _socket: NetSocket })._socket.pause();
    for (let i = 1; i <= 40; i++) {
      slow.send(`42${GUARDED_NAMESPACE},${i}["pour",{"count":8,"size":${CHUNK}}]`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    while (app.socket.poured < 40 * 8 * CHUNK) await new Promise((resolve) => setTimeout(resolve, 10));
    // 20 MB later it is still connected: socket.io alone queues without bound.
    expect(app.socket.disconnects).toEqual([]);
  });
});
