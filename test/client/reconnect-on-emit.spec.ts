import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRainClient, type RainClient, RainEmitError, type Socket } from 'rain-client';
import { RainClientError, RainIdleService } from 'rain-sockets';
import { type ClientApp, startClientApp } from './fixtures/client-app.js';
import { next, plainAck } from './fixtures/client-events.js';

describe('reconnect-on-emit', () => {
  let server: ClientApp;
  let rain: RainClient;
  let socket: Socket;

  beforeEach(async () => {
    server = await startClientApp();
    rain = createRainClient({ url: server.url });
    socket = rain.component('chat', '1.0.0').messaging.getSocket('chat');
    await next(socket, 'hello');
  });

  afterEach(async () => {
    rain.close();
    await server.app.close();
  });

  async function evicted(): Promise<void> {
    const gone = next(socket, 'disconnect');
    expect(server.evictAll()).toBe(1);
    await gone;
  }

  it('reconnects when the app emits after an eviction, and delivers the event and its ack once', async () => {
    const firstId = socket.id;
    await evicted();
    expect(socket.connected).toBe(false);

    await expect(plainAck(socket, 'new-message', { text: 'after eviction' })).resolves.toEqual({ received: 'after eviction' });
    expect(socket.connected).toBe(true);
    expect(socket.id).not.toBe(firstId);
    expect(server.chat.received).toEqual(['after eviction']);
  });

  it('stays disconnected after an eviction until the app emits', async () => {
    await evicted();
    await expect(next(socket, 'connect', 300)).rejects.toThrow('No "connect"');
    expect(server.chat.connections).toBe(1);
  });

  it('queues what the app emits during the reconnection and sends it in order, each once', async () => {
    await evicted();
    const answers: unknown[] = [];
    socket.emit('new-message', { text: 'one' }, (a: unknown) => answers.push(a));
    socket.emit('new-message', { text: 'two' });
    const three = socket.emitWithAck('new-message', { text: 'three' });
    socket.timeout(2_000).emit('new-message', { text: 'four' }, (err: unknown, a: unknown) => answers.push([err, a]));
    socket.emit('new-message', { text: 'five' });
    await expect(three).resolves.toEqual({ received: 'three' });
    await expect(plainAck(socket, 'new-message', { text: 'six' })).resolves.toEqual({ received: 'six' });

    expect(server.chat.received).toEqual(['one', 'two', 'three', 'four', 'five', 'six']);
    expect(answers).toEqual([{ received: 'one' }, [null, { received: 'four' }]]);
  });

  it('gives each pending ack an error when the reconnection fails, and keeps emits without ack for the next connection', async () => {
    await evicted();
    server.gate.open = false;
    const plain = plainAck(socket, 'new-message', { text: 'refused 1' });
    socket.emit('new-message', { text: 'no ack' });
    const withAck = socket.emitWithAck('new-message', { text: 'refused 2' });
    const timed = new Promise((resolve) => socket.timeout(5_000).emit('new-message', { text: 'refused 3' }, resolve));

    await expect(plain).resolves.toEqual({
      status: 'error',
      code: 'reconnect_failed',
      event: 'new-message',
      message: 'Could not connect to /chat/1.0.0/chat to send "new-message": forbidden. It was not sent.',
    });
    const error = await withAck.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RainEmitError);
    expect(error).toMatchObject({ code: 'reconnect_failed', event: 'new-message' });
    await expect(timed).resolves.toMatchObject({ code: 'reconnect_failed' });
    expect(server.chat.received).toEqual([]);

    server.gate.open = true;
    await expect(plainAck(socket, 'new-message', { text: 'let in' })).resolves.toEqual({ received: 'let in' });
    expect(server.chat.received).toEqual(['no ack', 'let in']);
  });

  it('tells an ack still in flight when the server disconnects without an eviction, then comes back on the next emit', async () => {
    const plain = plainAck(socket, 'hang', {});
    const errorFirst = socket.emitWithAck('hang', {}).catch((e: unknown) => e);
    await expect.poll(() => server.sockets().length).toBe(1);
    // Give the server the two packets before it lets the socket go.
    await plainAck(socket, 'new-message', { text: 'flush' });
    for (const s of server.sockets()) s.disconnect();

    await expect(plain).resolves.toMatchObject({ status: 'error', code: 'disconnected', event: 'hang' });
    await expect(errorFirst).resolves.toMatchObject({ name: 'RainEmitError', code: 'disconnected' });
    await expect(plainAck(socket, 'new-message', { text: 'again' })).resolves.toEqual({ received: 'again' });
  });

  it('reconnects by itself after server_shutdown', async () => {
    const back = next(socket, 'connect');
    const hello = next(socket, 'hello');
    for (const s of server.sockets()) {
      s.emit('server_shutdown', {});
      s.disconnect(true);
    }
    await back;
    await expect(hello).resolves.toEqual({ message: 'Hello Sockets!' });
  });

  it('after close(), throws on emit and answers pending acks with client_closed', async () => {
    await evicted();
    server.gate.open = false; // the reconnection stays pending: the emit is still buffered at close()
    const pending = plainAck(socket, 'new-message', { text: 'never' });
    rain.close();
    await expect(pending).resolves.toEqual({
      status: 'error',
      code: 'client_closed',
      event: 'new-message',
      message: 'rain-client was closed before "new-message" was answered.',
    });
    expect(() => socket.emit('new-message', { text: 'too late' })).toThrow('rain-client is closed: "new-message" was not sent.');
    expect(server.chat.received).toEqual([]);
  });
});

/** The server's real eviction, a close handshake: what crossed it on the wire is served once, nothing is sent twice. */
describe('reconnect-on-emit across an idle eviction', () => {
  let server: ClientApp;
  let rain: RainClient;
  let socket: Socket;

  beforeEach(async () => {
    // Idleness is measured on Date (faked); sockets and timers run in real time.
    vi.useFakeTimers({ toFake: ['Date'] });
    server = await startClientApp({ idle: { maxConnections: 1, idleTimeout: 1_000, checkInterval: 60_000 } });
    rain = createRainClient({ url: server.url });
    socket = rain.component('chat', '1.0.0').messaging.getSocket('chat');
    await next(socket, 'hello');
    vi.setSystemTime(Date.now() + 1_500);
  });

  afterEach(async () => {
    rain.close();
    await server.app.close();
    vi.useRealTimers();
  });

  it('delivers once what the app emitted while the eviction was on its way, with and without ack', async () => {
    const answers: unknown[] = [];
    const gone = next(socket, 'disconnect');
    await expect(server.app.get(RainIdleService).sweep()).resolves.toBe(1);
    // The server has evicted the socket; the client has not read it yet: these cross it on the wire.
    socket.emit('new-message', { text: 'crossing' });
    socket.emit('new-message', { text: 'crossing with ack' }, (answer: unknown) => answers.push(answer));
    await expect(gone).resolves.toBe('io server disconnect');
    expect(server.chat.received).toEqual(['crossing', 'crossing with ack']);
    expect(answers).toEqual([{ received: 'crossing with ack' }]);

    await expect(plainAck(socket, 'new-message', { text: 'later' })).resolves.toEqual({ received: 'later' });
    expect(server.chat.received).toEqual(['crossing', 'crossing with ack', 'later']);
  });

  it('holds what the app emits once told, and sends it after reconnecting, in order, once', async () => {
    const answers: unknown[] = [];
    socket.on('rain:evicted', () => {
      socket.emit('new-message', { text: 'held' });
      socket.emit('new-message', { text: 'held with ack' }, (answer: unknown) => answers.push(answer));
    });
    const gone = next(socket, 'disconnect');
    await server.app.get(RainIdleService).sweep();
    await gone;
    expect(server.chat.received).toEqual([]);

    await expect.poll(() => answers).toEqual([{ received: 'held with ack' }]);
    expect(server.chat.received).toEqual(['held', 'held with ack']);
    expect(socket.connected).toBe(true);
  });
});

/** A node that is draining refuses handshakes with `server_shutdown` (before the load balancer has taken it out). */
class Draining {
  refusals = 0;
  constructor(private left: number) {}
  canActivate(): boolean {
    if (this.left <= 0) return true;
    this.left--;
    this.refusals++;
    throw new RainClientError('server_shutdown', 'The server is shutting down; connect again.');
  }
}

describe('reconnect-on-emit against a node that is shutting down', () => {
  let server: ClientApp;
  let rain: RainClient;

  afterEach(async () => {
    rain.close();
    await server.app.close();
  });

  it('tries again by itself when a handshake is refused with server_shutdown, and keeps the queued acks waiting', async () => {
    const draining = new Draining(2);
    server = await startClientApp({ connectionGuards: [draining] });
    rain = createRainClient({ url: server.url });
    const socket = rain.component('chat', '1.0.0').messaging.getSocket('chat');
    const refused: unknown[] = [];
    socket.on('connect_error', (error: Error & { data?: unknown }) => refused.push(error.data));

    await expect(plainAck(socket, 'new-message', { text: 'queued' })).resolves.toEqual({ received: 'queued' });
    expect(refused).toEqual([{ code: 'server_shutdown' }, { code: 'server_shutdown' }]);
    expect(draining.refusals).toBe(2);
    expect(server.chat.received).toEqual(['queued']);
  });
});

describe('reconnection pace', () => {
  it('tries again 100 to 300 ms after a lost connection (socket.io-client: 500 to 1500), unless the app says otherwise', () => {
    const quick = createRainClient({ url: 'http://127.0.0.1:9', keepAlivePath: false });
    const own = createRainClient({ url: 'http://127.0.0.1:9', keepAlivePath: false, socket: { reconnectionDelay: 1_000, randomizationFactor: 0 } });
    try {
      const manager = quick.component('chat', '1.0.0').messaging.getSocket('chat').io;
      expect({ delay: manager.reconnectionDelay(), jitter: manager.randomizationFactor(), max: manager.reconnectionDelayMax() }).toEqual({
        delay: 200,
        jitter: 0.5,
        max: 5_000,
      });
      const mine = own.component('chat', '1.0.0').messaging.getSocket('chat').io;
      expect({ delay: mine.reconnectionDelay(), jitter: mine.randomizationFactor() }).toEqual({ delay: 1_000, jitter: 0 });
    } finally {
      quick.close();
      own.close();
    }
  });
});
