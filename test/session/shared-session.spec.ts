import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MemoryStore } from 'express-session';
import { afterEach, describe, expect, it } from 'vitest';
import { RainSocketsModule, type RainSocketsOptions } from 'rain-sockets';
import { closeApps, connectComponent, emitWithAck, startApp } from 'rain-sockets/testing';
import { HttpClient } from './fixtures/http-client.js';
import { GatedComponent } from './fixtures/gated-board.js';
import { NotesComponent } from './fixtures/session-app.js';

const notes = { id: 'notes', version: '1.0.0', channel: 'notes' };
const plain = { id: 'notes', version: '1.0.0', channel: 'plain' };
const gated = { id: 'gated', version: '1.0.0', channel: 'gated' };

describe('one session for HTTP and sockets', () => {
  let app: INestApplication;
  let store: MemoryStore;

  async function start() {
    store = new MemoryStore();
    const options: RainSocketsOptions = { session: { secret: 'test secret', store } };
    app = await startApp(Test.createTestingModule({ imports: [RainSocketsModule.forRoot(options), NotesComponent] }));
    return new HttpClient(app);
  }

  afterEach(closeApps);

  it('lets a socket read what HTTP wrote', async () => {
    const http = await start();
    await http.request('POST', '/session/color', { value: 'blue' });
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await expect(emitWithAck(socket, 'get', 'color')).resolves.toBe('blue');
  });

  it('lets HTTP read what a socket wrote, as soon as the ack came', async () => {
    const http = await start();
    await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await emitWithAck(socket, 'set', { key: 'fruit', value: 'fig' });
    const { body } = await http.request('GET', '/session');
    expect(body).toMatchObject({ fruit: 'fig', handled: true });
  });

  it('lets a socket see what HTTP changed after it connected', async () => {
    const http = await start();
    await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await expect(emitWithAck(socket, 'get', 'late')).resolves.toBeNull();
    await http.request('POST', '/session/late', { value: 1 });
    await expect(emitWithAck(socket, 'get', 'late')).resolves.toBe(1);
  });

  it("saves after the seed's deferred handler resolves, and after an observable completes", async () => {
    const http = await start();
    await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await emitWithAck(socket, 'data', { text: 'deferred' });
    await expect(emitWithAck(socket, 'observed', 'streamed')).resolves.toBe('done');
    const { body } = await http.request('GET', '/session');
    expect(body).toMatchObject({ data: { text: 'deferred' }, observed: 'streamed' });
  });

  it('gives the session to a @Session() parameter', async () => {
    const http = await start();
    const { body: before } = await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await expect(emitWithAck(socket, 'by-decorator', 'yes')).resolves.toBe(before.id);
    expect((await http.request('GET', '/session')).body.decorated).toBe('yes');
  });

  it('does not write the store when a handler changed nothing', async () => {
    const http = await start();
    await http.request('GET', '/session');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await emitWithAck(socket, 'get', 'x'); // the first event may reload; handle() saved already
    // Every write of a MemoryStore ends in its map of session JSON (we may write it directly).
    let writes = 0;
    const memory = store as unknown as { sessions: Record<string, string> };
    memory.sessions = new Proxy(memory.sessions, {
      set(target, sid: string, json: string) {
        writes++;
        target[sid] = json;
        return true;
      },
    });
    for (let i = 0; i < 5; i++) await emitWithAck(socket, 'get', 'x');
    expect(writes).toBe(0);
    await emitWithAck(socket, 'set', { key: 'x', value: 1 });
    expect(writes).toBe(1);
  });

  it('offers the session guard and interceptor a synchronous answer when there is no I/O to wait for (MemoryStore)', async () => {
    const store = new MemoryStore();
    app = await startApp(
      Test.createTestingModule({ imports: [RainSocketsModule.forRoot({ session: { secret: 'test secret', store } }), GatedComponent] }),
    );
    const http = new HttpClient(app);
    await http.request('GET', '/core/controller/cookie');
    const socket = await connectComponent(app, gated, { cookie: http.cookie });
    await emitWithAck(socket, 'get', 'warm');
    // The MemoryStore is written at once, so even a save of a change leaves nothing to wait for.
    await expect(emitWithAck(socket, 'api')).resolves.toEqual({
      refresh: 'nothing to wait for',
      unchanged: 'nothing to wait for',
      changed: 'nothing to wait for',
    });
  });

  it('leaves sockets that opt out without a session', async () => {
    const http = await start();
    await http.request('GET', '/session');
    const socket = await connectComponent(app, plain, { cookie: http.cookie });
    await expect(emitWithAck(socket, 'has-session')).resolves.toBe(false);
  });

  it('loses no update when two sockets and HTTP write one session at once (300 keys)', async () => {
    const http = await start();
    await http.request('GET', '/session');
    const [a, b] = await Promise.all([
      connectComponent(app, notes, { cookie: http.cookie }),
      connectComponent(app, notes, { cookie: http.cookie }),
    ]);
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 100; i++) {
      writes.push(emitWithAck(a, 'set', { key: `a${i}`, value: i }, 10_000));
      writes.push(emitWithAck(b, 'set', { key: `b${i}`, value: i }, 10_000));
      writes.push(http.request('POST', `/session/h${i}`, { value: i }));
    }
    await Promise.all(writes);
    const sid = (await http.request('GET', '/session')).body.id;
    const stored = await new Promise<Record<string, unknown>>((resolve, reject) =>
      store.get(sid, (error, data) => (error ? reject(error) : resolve(data as never))),
    );
    const keys = Object.keys(stored).filter((key) => /^[abh]\d+$/.test(key));
    expect(keys).toHaveLength(300);
  });
});
