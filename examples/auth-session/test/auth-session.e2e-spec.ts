import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { closeApps, connectComponent, emitWithAck, nextEvent, noEvent, startApp } from 'rain-sockets/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { NotesClient } from '../src/client/notes-client.js';
import type { NotesEvents } from '../src/notes/notes.events.js';
import { BrowserSession } from './support/browser-session.js';

const notes = { id: 'notes', version: '1.0.0', channel: 'notes' };

describe('one session for HTTP and sockets', () => {
  let app: INestApplication;
  const clients: NotesClient[] = [];

  beforeEach(async () => {
    app = await startApp(Test.createTestingModule({ imports: [AppModule.forRoot({ sessionSecret: 'test secret' })] }));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await closeApps();
  });

  /** A visitor logged in over HTTP, and a socket of theirs (its handshake sends their cookie). */
  async function loggedIn(name: string) {
    const http = new BrowserSession(app);
    await http.login(name);
    const socket = await connectComponent<NotesEvents>(app, notes, { cookie: http.cookie });
    return { http, socket };
  }

  it('refuses a socket without a logged-in session, at the handshake, as HTTP refuses it', async () => {
    const refusal = { message: 'Log in first.', data: { code: 'unauthorized' } };
    // No cookie at all.
    await expect(connectComponent(app, notes)).rejects.toMatchObject(refusal);
    // A session, but nobody logged in.
    const visitor = new BrowserSession(app);
    expect((await visitor.request('GET', '/notes')).body).toEqual({ statusCode: 401, message: 'Log in first.', error: 'Unauthorized' });
    await expect(connectComponent(app, notes, { cookie: visitor.cookie })).rejects.toMatchObject(refusal);
    // A bad login leaves it so.
    expect((await visitor.request('POST', '/auth/login', { name: ' ' })).status).toBe(400);
    await expect(connectComponent(app, notes, { cookie: visitor.cookie })).rejects.toMatchObject(refusal);
  });

  it('lets a logged-in user in, and the socket knows who it is from the session', async () => {
    const { socket } = await loggedIn('ann');
    await expect(nextEvent(socket, 'welcome')).resolves.toEqual({ name: 'ann' });
  });

  it('shares the session both ways: what the socket writes HTTP reads, and the other way round', async () => {
    const { http, socket } = await loggedIn('ann');

    await expect(emitWithAck(socket, 'add-note', { text: 'from the socket' })).resolves.toEqual([{ text: 'from the socket', via: 'socket' }]);
    // Saved before the ack came: HTTP reads it at once.
    expect((await http.request('GET', '/notes')).body).toEqual([{ text: 'from the socket', via: 'socket' }]);

    expect((await http.request('POST', '/notes', { text: 'over HTTP' })).status).toBe(201);
    // Current on every event: the socket reads what HTTP wrote since it connected.
    await expect(emitWithAck(socket, 'notes')).resolves.toEqual([
      { text: 'from the socket', via: 'socket' },
      { text: 'over HTTP', via: 'http' },
    ]);

    // Another user's session is another session.
    const bob = await loggedIn('bob');
    await expect(emitWithAck(bob.socket, 'notes')).resolves.toEqual([]);
  });

  it('refreshes the cookie on the keep-alive route while the session lives, and answers 401 after logout', async () => {
    const { http } = await loggedIn('ann');

    const alive = await http.request('GET', '/core/controller/cookie');
    expect(alive.status).toBe(200);
    expect(Date.parse(alive.body.expires)).toBeGreaterThan(Date.now());
    expect(alive.setCookie).toEqual([expect.stringMatching(/^connect\.sid=s%3A.+; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/)]);

    await http.request('POST', '/auth/logout');
    expect((await http.request('GET', '/core/controller/cookie')).status).toBe(401);
  });

  it('sends session_expired to the sockets of a session logged out over HTTP, and refuses their events', async () => {
    const ann = await loggedIn('ann');
    const bob = await loggedIn('bob');

    expect((await ann.http.request('POST', '/auth/logout')).status).toBe(204);

    await expect(nextEvent(ann.socket, 'session_expired')).resolves.toEqual({ reason: 'destroyed' });
    await expect(emitWithAck(ann.socket, 'add-note', { text: 'too late' })).resolves.toEqual({
      status: 'error',
      code: 'session_expired',
      message: 'The session has expired; reconnect to get a new one.',
      event: 'add-note',
    });
    // The logged-out cookie opens no new socket either.
    await expect(connectComponent(app, notes, { cookie: ann.http.cookie })).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    // Bob is still in.
    await noEvent(bob.socket, 'session_expired');
    await expect(emitWithAck(bob.socket, 'add-note', { text: 'still here' })).resolves.toEqual([{ text: 'still here', via: 'socket' }]);
  });

  it('tells the rain-client app (in Node) that its session ended when it logs out', async () => {
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const client = await NotesClient.login(url, 'ann');
    clients.push(client);
    const expired: unknown[] = [];
    client.onSessionExpired((payload) => expired.push(payload));

    await expect(client.addNote('via rain-client')).resolves.toEqual([{ text: 'via rain-client', via: 'socket' }]);
    await expect(client.notesOverHttp()).resolves.toEqual([{ text: 'via rain-client', via: 'socket' }]);

    await client.logout();
    await expect.poll(() => expired).toEqual([{ reason: 'destroyed' }]);
    await expect(client.notes()).rejects.toMatchObject({ code: 'session_expired', message: 'The session has expired; reconnect to get a new one.' });
  });
});
