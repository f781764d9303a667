import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRainClient, type RainClient, type RainClientOptions } from 'rain-client';
import { type ClientApp, startClientApp } from './fixtures/client-app.js';
import { next, plainAck } from './fixtures/client-events.js';

/** Session cookies that live 1 s, checked 300 ms before they expire. */
const SHORT_SESSION = { secret: 'keep-alive test', cookie: { maxAge: 1_000 }, expiryCheckInterval: 100 };

describe('session keep-alive (seed 001)', () => {
  let server: ClientApp;
  let rain: RainClient | undefined;

  afterEach(async () => {
    rain?.close();
    await server.app.close();
  });

  /** A client with the visitor's cookie, whose keep-alive calls are recorded. */
  async function client(options: Partial<RainClientOptions> = {}) {
    const cookie = await server.visit();
    const calls: { status: number; expires?: string }[] = [];
    const expired: unknown[] = [];
    rain = createRainClient({
      url: server.url,
      headers: { cookie },
      keepAliveLead: 300,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        calls.push({ status: response.status, ...(await response.clone().json()) });
        return response;
      },
      ...options,
    });
    rain.messaging.subscribe('session_expired', (payload) => expired.push(payload));
    const socket = rain.component('chat', '1.0.0').messaging.getSocket('chat');
    const info = await next(socket, 'rain:session');
    return { socket, calls, expired, info, cookie };
  }

  it('calls the keep-alive route before the cookie expires while the sockets are active', async () => {
    server = await startClientApp({ session: SHORT_SESSION });
    const { socket, calls, expired, info } = await client();
    expect(Date.parse(info.expires)).toBeGreaterThan(Date.now());

    for (let i = 0; i < 16; i++) {
      await plainAck(socket, 'new-message', { text: `busy ${i}` });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }

    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.every((c) => c.status === 200)).toBe(true);
    const expiries = calls.map((c) => Date.parse(c.expires!));
    expect(expiries[0]).toBeGreaterThan(Date.parse(info.expires));
    expect(expiries).toEqual([...expiries].sort((a, b) => a - b));
    expect(expired).toEqual([]);
    await expect(plainAck(socket, 'new-message', { text: 'still in' })).resolves.toEqual({ received: 'still in' });
  });

  it('publishes session_expired (inactive) instead of a keep-alive call when the sockets were quiet', async () => {
    server = await startClientApp({ session: SHORT_SESSION });
    const { calls, expired } = await client();

    // `hello` was activity: one refresh; then nothing happens until the next check.
    await expect.poll(() => expired, { timeout: 3_000 }).toEqual([{ reason: 'inactive' }]);
    expect(calls.map((c) => c.status)).toEqual([200]);
  });

  it('publishes session_expired (expired) when the keep-alive route answers 401', async () => {
    server = await startClientApp({ session: SHORT_SESSION });
    const { expired } = await client({
      fetch: async () => new Response(JSON.stringify({ error: 'session_expired' }), { status: 401 }),
    });
    await expect.poll(() => expired, { timeout: 3_000 }).toEqual([{ reason: 'expired' }]);
  });

  it('reports a failed keep-alive call and publishes session_expired when the cookie runs out', async () => {
    server = await startClientApp({ session: SHORT_SESSION });
    const onError = vi.fn();
    const { expired } = await client({ onError, fetch: async () => Promise.reject(new Error('network down')) });
    await expect.poll(() => expired, { timeout: 3_000 }).toEqual([{ reason: 'expired' }]);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: `rain-client: keep-alive ${server.url}/core/controller/cookie failed: network down.` }),
      expect.any(String),
    );
  });

  it("brings the server's session_expired to the bus once, however many sockets heard it", async () => {
    server = await startClientApp({ session: { secret: 'keep-alive test' } });
    const { socket, expired, cookie } = await client();
    const news = rain!.component('chat', '1.0.0').messaging.getSocket('news');
    await plainAck(news, 'ping');
    const both = Promise.all([next(socket, 'session_expired'), next(news, 'session_expired')]);

    await fetch(`${server.url}/visit/logout`, { method: 'POST', headers: { cookie } });

    await both;
    expect(expired).toEqual([{ reason: 'destroyed' }]);
  });

  it('publishes session_expired when the server refuses the handshake for want of a session', async () => {
    server = await startClientApp({ session: { secret: 'keep-alive test', requireSession: true } });
    rain = createRainClient({ url: server.url });
    const expired: unknown[] = [];
    rain.messaging.subscribe('session_expired', (payload) => expired.push(payload));
    const socket = rain.component('chat', '1.0.0').messaging.getSocket('chat');
    await expect(next(socket, 'connect_error')).resolves.toMatchObject({ data: { code: 'session_required' } });
    expect(expired).toEqual([{ reason: 'expired' }]);
  });
});
