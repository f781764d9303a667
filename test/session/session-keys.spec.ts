import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MemoryStore } from 'express-session';
import { afterEach, describe, expect, it } from 'vitest';
import { RainSocketsModule } from 'rain-sockets';
import { closeApps, connectComponent, emitWithAck, startApp } from 'rain-sockets/testing';
import { HttpClient } from './fixtures/http-client.js';
import { NotesComponent } from './fixtures/session-app.js';

const notes = { id: 'notes', version: '1.0.0', channel: 'notes' };
const refusal = (key: string) =>
  `Session keys must be strings other than "__proto__", "constructor" and "prototype"; got ${JSON.stringify(key)}. ` +
  "Those names would reach the session object's prototype: pick another name.";

describe('session keys that would reach the prototype', () => {
  let app: INestApplication;
  let store: MemoryStore;

  async function start() {
    store = new MemoryStore();
    app = await startApp(Test.createTestingModule({ imports: [RainSocketsModule.forRoot({ session: { secret: 'keys', store } }), NotesComponent] }));
    const http = new HttpClient(app);
    await http.request('GET', '/session');
    return http;
  }

  afterEach(closeApps);

  it.each(['__proto__', 'constructor', 'prototype'])('refuses set(%j) with bad_request, and the session keeps working', async (key) => {
    const http = await start();
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await expect(emitWithAck(socket, 'set', { key, value: { polluted: true } })).resolves.toEqual({
      status: 'error',
      code: 'bad_request',
      message: refusal(key),
      event: 'set',
    });
    await expect(emitWithAck(socket, 'set', { key: 'after', value: 1 })).resolves.toBe(true);
    await expect(emitWithAck(socket, 'get', 'after')).resolves.toBe(1);
    await expect(emitWithAck(socket, 'get', 'polluted')).resolves.toBeNull();
    expect((await http.request('GET', '/session')).body).toMatchObject({ after: 1, handled: true });
  });

  it('answers 400 with the reason over HTTP too', async () => {
    const http = await start();
    const { status, body } = await http.request('POST', '/session/__proto__', { value: { polluted: true } });
    expect(status).toBe(400);
    expect(body).toMatchObject({ statusCode: 400, message: refusal('__proto__') });
    expect((await http.request('GET', '/session')).status).toBe(200);
  });

  it('never lets stored data with those names reach the session (a store written by something else)', async () => {
    const http = await start();
    const sid = (await http.request('GET', '/session')).body.id as string;
    const sessions = (store as unknown as { sessions: Record<string, string> }).sessions;
    const stored = JSON.parse(sessions[sid]!);
    sessions[sid] = JSON.stringify(stored).replace(/^\{/, '{"__proto__":{"polluted":true},"constructor":{"polluted":true},');
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await expect(emitWithAck(socket, 'get', 'polluted')).resolves.toBeNull();
    await expect(emitWithAck(socket, 'set', { key: 'fine', value: 2 })).resolves.toBe(true);
    await expect(emitWithAck(socket, 'get', 'fine')).resolves.toBe(2);
  });
});
