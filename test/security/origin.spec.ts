import { Fetch } from 'engine.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { RainSocketsOptions } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { CONNECTED, ORIGIN_REFUSED, connectOutcome } from './fixtures/connect-failure.js';
import { guarded } from './fixtures/guarded.component.js';
import { type GuardedApp, startGuardedApp } from './fixtures/guarded-app.js';

const EVIL = 'https://evil.example';
// Fetch: the XHR polling transport of Node's socket.io-client refuses to set an Origin header.
const transports = { websocket: ['websocket'], polling: [Fetch] } as const;

describe('origin allow-list', () => {
  let running: GuardedApp | undefined;

  async function start(options: RainSocketsOptions = {}) {
    running = await startGuardedApp(options);
    return running;
  }

  /** Counts every call the session store gets from now on. */
  function watchStore(app: GuardedApp) {
    const calls = { get: vi.spyOn(app.store, 'get'), set: vi.spyOn(app.store, 'set'), touch: vi.spyOn(app.store, 'touch') };
    return () => calls.get.mock.calls.length + calls.set.mock.calls.length + calls.touch.mock.calls.length;
  }

  function connect(app: GuardedApp, transport: keyof typeof transports, options: { origin?: string; cookie?: string } = {}) {
    return connectComponent(app.app, guarded, { ...options, client: { transports: [...transports[transport]] as never } });
  }

  afterEach(async () => {
    closeComponentClients();
    await running?.app.close();
    running = undefined;
  });

  for (const transport of ['websocket', 'polling'] as const) {
    it(`refuses a forged Origin over ${transport} before any session is loaded or created`, async () => {
      const app = await start();
      const victimCookie = await app.newCookie();
      const storeCalls = watchStore(app);
      await expect(connectOutcome(connect(app, transport, { origin: EVIL, cookie: victimCookie }))).resolves.toEqual(ORIGIN_REFUSED[transport]);
      expect(storeCalls()).toBe(0);
      expect(app.socket.handled).toBe(0);
    });

    it(`admits the app's own origin over ${transport}`, async () => {
      const app = await start();
      const socket = await connect(app, transport, { origin: app.url });
      await expect(emitWithAck(socket, 'echo', transport)).resolves.toBe(transport);
      expect(app.socket.handled).toBe(1);
    });
  }

  it('answers a refused polling handshake with 403 and the reason', async () => {
    const app = await start();
    const response = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: EVIL } });
    expect(response.status).toBe(403);
    expect(response.headers.getSetCookie()).toEqual([]);
    await expect(response.json()).resolves.toEqual({
      code: 4,
      reason: 'origin_not_allowed',
      message: 'Origin "https://evil.example" may not open sockets on this server.',
    });
  });

  it('answers a refused WebSocket upgrade with 403 and the reason', async () => {
    const app = await start();
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, { origin: EVIL });
    const response = await new Promise<{ status?: number; body: string }>((resolve) => {
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
    });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toMatchObject({ reason: 'origin_not_allowed' });
  });

  // Default ports and host letter case: origin-policy.spec (the test server's host is an IP on a random port).
  it('treats the own origin in another letter case as the own origin, and another port as another origin', async () => {
    const app = await start();
    const own = app.url.replace(/^http:/, 'HTTP:');
    expect(own).not.toBe(app.url);
    await expect(connectOutcome(connect(app, 'websocket', { origin: own }))).resolves.toEqual(CONNECTED);
    // Another port of the same host is another origin.
    await expect(connectOutcome(connect(app, 'websocket', { origin: 'http://127.0.0.1:1' }))).resolves.toEqual(ORIGIN_REFUSED.websocket);
  });

  it('admits clients that send no Origin (non-browser clients, same-origin polling GETs)', async () => {
    const app = await start();
    const socket = await connect(app, 'websocket');
    await expect(emitWithAck(socket, 'echo', 1)).resolves.toBe(1);
  });

  it('admits exactly the listed origins', async () => {
    const app = await start({ allowedOrigins: ['https://app.example.com', 'http://localhost:4200'] });
    await expect(connectOutcome(connect(app, 'websocket', { origin: 'https://app.example.com' }))).resolves.toEqual(CONNECTED);
    await expect(connectOutcome(connect(app, 'polling', { origin: 'http://LOCALHOST:4200' }))).resolves.toEqual(CONNECTED);
    await expect(connectOutcome(connect(app, 'websocket', { origin: app.url }))).resolves.toEqual(ORIGIN_REFUSED.websocket);
    await expect(connectOutcome(connect(app, 'polling', { origin: 'https://app.example.com.evil.example' }))).resolves.toEqual(ORIGIN_REFUSED.polling);
    await expect(connectOutcome(connect(app, 'websocket', { origin: 'null' }))).resolves.toEqual(ORIGIN_REFUSED.websocket);
  });

  it("admits any origin with '*'", async () => {
    const app = await start({ allowedOrigins: '*' });
    await expect(connectOutcome(connect(app, 'websocket', { origin: EVIL }))).resolves.toEqual(CONNECTED);
  });

  it('asks a function, with the header and the request, and refuses when it throws', async () => {
    const seen: [string | undefined, string | undefined][] = [];
    const app = await start({
      allowedOrigins: (origin, request) => {
        seen.push([origin, request.headers['x-tenant'] as string | undefined]);
        if (origin === 'https://broken.example') throw new Error('lookup failed');
        return Promise.resolve(origin?.endsWith('.tenant.example') ?? false);
      },
    });
    const headers = { 'x-tenant': 'acme' };
    const tenant = connectComponent(app.app, guarded, { origin: 'https://acme.tenant.example', client: { extraHeaders: { ...headers, origin: 'https://acme.tenant.example' } } });
    await expect(connectOutcome(tenant)).resolves.toEqual(CONNECTED);
    await expect(connectOutcome(connect(app, 'websocket', { origin: EVIL }))).resolves.toEqual(ORIGIN_REFUSED.websocket);
    await expect(connectOutcome(connect(app, 'websocket', { origin: 'https://broken.example' }))).resolves.toEqual(ORIGIN_REFUSED.websocket);
    // Without a header the function decides too: here, no.
    await expect(connectOutcome(connect(app, 'websocket'))).resolves.toEqual(ORIGIN_REFUSED.websocket);
    expect(seen).toEqual([
      ['https://acme.tenant.example', 'acme'],
      [EVIL, undefined],
      ['https://broken.example', undefined],
      [undefined, undefined],
    ]);
  });

  it('stops the start-up on an allowedOrigins entry that is not an origin', async () => {
    const expected = `'*', a list of origins like "https://app.example.com" (scheme, host and port only), or a function`;
    await expect(start({ allowedOrigins: ['https://app.example.com/path'] })).rejects.toMatchObject({
      name: 'InvalidRainSocketsOptionError',
      option: 'allowedOrigins',
      message: `RainSocketsModule: option "allowedOrigins" must be ${expected}; got ["https://app.example.com/path"].`,
    });
    await expect(start({ allowedOrigins: ['app.example.com'] })).rejects.toMatchObject({
      name: 'InvalidRainSocketsOptionError',
      message: `RainSocketsModule: option "allowedOrigins" must be ${expected}; got ["app.example.com"].`,
    });
  });
});
