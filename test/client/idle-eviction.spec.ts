import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRainClient, type RainClient, type Socket } from 'rain-client';
import { type ClientApp, startClientApp } from './fixtures/client-app.js';
import { next, plainAck } from './fixtures/client-events.js';

const IDLE_TIMEOUT = 300;
const idle = () => new Promise((resolve) => setTimeout(resolve, IDLE_TIMEOUT + 200));

/** The server's real idle eviction (one slot), and the client coming back on emit. */
describe('reconnect-on-emit against idle eviction', () => {
  let server: ClientApp;
  const clients: RainClient[] = [];

  beforeEach(async () => {
    server = await startClientApp({ idle: { maxConnections: 1, idleTimeout: IDLE_TIMEOUT, checkInterval: 60_000 } });
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.app.close();
  });

  async function connect(): Promise<Socket> {
    const rain = createRainClient({ url: server.url });
    clients.push(rain);
    const socket = rain.component('chat', '1.0.0').messaging.getSocket('chat');
    await next(socket, 'hello');
    return socket;
  }

  it('comes back when the app emits, taking the slot of a socket that is idle now', async () => {
    const first = await connect();
    await idle();
    const firstEvicted = next(first, 'rain:evicted');
    const second = await connect();
    await expect(firstEvicted).resolves.toEqual({ reason: 'idle' });
    await idle();

    const secondEvicted = next(second, 'rain:evicted');
    await expect(plainAck(first, 'new-message', { text: 'back' })).resolves.toEqual({ received: 'back' });
    await expect(secondEvicted).resolves.toEqual({ reason: 'idle' });
    expect(server.chat.received).toEqual(['back']);
  });

  it('answers the ack with an error when the server is full of active sockets', async () => {
    const first = await connect();
    await idle();
    const firstEvicted = next(first, 'rain:evicted');
    await connect();
    await firstEvicted;

    await expect(plainAck(first, 'new-message', { text: 'no room' })).resolves.toMatchObject({
      status: 'error',
      code: 'reconnect_failed',
      message: expect.stringContaining('server_full'),
    });
    expect(server.chat.received).toEqual([]);
  });
});
