import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RainSocketsModule, type RainSocketsOptions } from 'rain-sockets';
import { closeApps, connectComponent, emitWithAck, nextEvent, startApp } from 'rain-sockets/testing';
import { FlakyStore } from './fixtures/flaky-store.js';
import { HttpClient } from './fixtures/http-client.js';
import { NotesComponent } from './fixtures/session-app.js';

const notes = { id: 'notes', version: '1.0.0', channel: 'notes' };

describe('session cookies, expiry and failures', () => {
  let app: INestApplication;
  let store: FlakyStore;

  async function start(session: Partial<Extract<RainSocketsOptions['session'], object>> = {}) {
    store = new FlakyStore();
    app = await startApp(
      Test.createTestingModule({
        imports: [RainSocketsModule.forRoot({ session: { secret: 'right secret', store, ...session } as never }), NotesComponent],
      }),
    );
    return new HttpClient(app);
  }

  afterEach(async () => {
    vi.useRealTimers();
    await closeApps();
  });

  it("never yields another's session for a forged or foreign-secret cookie (fresh session by default)", async () => {
    const victim = await start();
    await victim.request('POST', '/session/secret', { value: 'victim data' });
    const sid = (await victim.request('GET', '/session')).body.id as string;
    const forged = [`connect.sid=s%3A${sid}.forgedsignature`, `connect.sid=${sid}`];
    for (const cookie of forged) {
      const socket = await connectComponent(app, notes, { cookie });
      await expect(emitWithAck(socket, 'get', 'secret')).resolves.toBeNull();
    }
  });

  it('refuses a connection without a stored session when requireSession is on', async () => {
    const http = await start({ requireSession: true });
    await expect(connectComponent(app, notes)).rejects.toMatchObject({ data: { code: 'session_required' } });
    await expect(connectComponent(app, notes, { cookie: 'connect.sid=s%3Aabc.def' })).rejects.toThrow(/A session is required/);
    await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await expect(emitWithAck(socket, 'get', 'handled')).resolves.toBe(true);
  });

  it('tells the socket its cookie expiry on connect', async () => {
    const http = await start();
    await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    const info = await nextEvent(socket, 'rain:session');
    expect(Date.parse(info.expires)).toBeGreaterThan(Date.now());
  });

  it('sends session_expired when the session expires, and refuses the stale session afterwards', async () => {
    const http = await start({ cookie: { maxAge: 400 }, expiryCheckInterval: 100 });
    await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await expect(nextEvent(socket, 'session_expired', 3_000)).resolves.toEqual({ reason: 'expired' });
    await expect(emitWithAck(socket, 'get', 'handled')).resolves.toMatchObject({ code: 'session_expired' });
  });

  it('sends session_expired with reason destroyed when HTTP logs out', async () => {
    const http = await start();
    await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await http.request('POST', '/session');
    await expect(nextEvent(socket, 'session_expired')).resolves.toEqual({ reason: 'destroyed' });
    await expect(emitWithAck(socket, 'set', { key: 'k', value: 1 })).resolves.toMatchObject({ code: 'session_expired' });
  });

  it('keeps a session used only over a socket alive', async () => {
    const http = await start({ cookie: { maxAge: 800 }, expiryCheckInterval: 100 });
    await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    const expired = nextEvent(socket, 'session_expired', 2_000).then(() => 'expired', () => 'alive');
    const until = Date.now() + 1_800; // more than twice the cookie's maxAge
    while (Date.now() < until) {
      await emitWithAck(socket, 'get', 'handled');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await expect(emitWithAck(socket, 'get', 'handled')).resolves.toBe(true);
    expect(await expired).toBe('alive');
  });

  it('answers the keep-alive route with the expiry moved forward by the touch and a refreshed cookie, 401 without a session', async () => {
    // Only the clock is controlled: sockets and timers run as they are.
    vi.useFakeTimers({ toFake: ['Date'] });
    const http = await start();
    const { body } = await http.request('GET', '/session');
    const created = Date.now();
    vi.setSystemTime(created + 10 * 60_000);
    const first = await http.request('GET', '/core/controller/cookie');
    expect(first.status).toBe(200);
    // The default maxAge (30 min) from the moment of the touch, not from the session's creation.
    expect(first.body).toEqual({ expires: new Date(created + 40 * 60_000).toISOString() });
    expect(first.setCookie.join()).toContain(`Expires=${new Date(created + 40 * 60_000).toUTCString()}`);
    const stored = await new Promise<any>((resolve) => store.get(body.id, (_error, data) => resolve(data)));
    expect(stored.cookie.expires).toBe(new Date(created + 40 * 60_000).toISOString());
    expect(first.setCookie.join()).toMatch(/^connect\.sid=s%3A.*Expires=/);
    const stranger = new HttpClient(app);
    stranger.cookie = 'connect.sid=s%3Anobody.forged';
    expect((await stranger.request('GET', '/core/controller/cookie')).status).toBe(401);
  });

  it('reports a store failure to the client, keeps what was saved, and serves again when the store is back', async () => {
    const http = await start();
    await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await emitWithAck(socket, 'set', { key: 'kept', value: 'before' });
    store.failing = true;
    await expect(emitWithAck(socket, 'set', { key: 'lost', value: 'during' })).resolves.toMatchObject({
      status: 'error',
      code: 'session_store_unavailable',
    });
    socket.emit('set', { key: 'lost', value: 'during' });
    await expect(nextEvent(socket, 'exception')).resolves.toMatchObject({ code: 'session_store_unavailable' });
    store.failing = false;
    await expect(emitWithAck(socket, 'get', 'kept')).resolves.toBe('before');
    await emitWithAck(socket, 'set', { key: 'after', value: 'back' });
    expect((await http.request('GET', '/session')).body).toMatchObject({ kept: 'before', after: 'back' });
  });

  it('refuses a handshake with a clear reason while the store is down', async () => {
    const http = await start();
    await http.request('GET', '/session');
    store.failing = true;
    await expect(connectComponent(app, notes, { cookie: http.cookie })).rejects.toMatchObject({
      data: { code: 'session_store_unavailable' },
    });
  });
});
