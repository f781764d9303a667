import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { AppModule } from '../../src/app.module.js';
import { HttpClient } from '../session/fixtures/http-client.js';

describe('the demo chat app', () => {
  let app: INestApplication;
  const chat = { id: 'chat', version: '1.0.0', channel: 'chat' };
  const rooms = { id: 'rooms', version: '1.0.0', channel: 'rooms' };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
  });

  afterAll(async () => {
    closeComponentClients();
    await app.close();
  });

  it('greets by the name and visits HTTP put in the session, relays messages with names, and counts them in the session', async () => {
    const ana = new HttpClient(app);
    await ana.request('GET', '/session');
    // A visit to the page (HTML, not for HttpClient's JSON).
    const page = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/`, { headers: { cookie: ana.cookie! } });
    expect(await page.text()).toContain('<h1>rain-sockets chat</h1>');
    await expect(ana.request('POST', '/session/name', { name: ' ana ' })).resolves.toMatchObject({ status: 200, body: { name: 'ana' } });
    const me = await connectComponent(app, chat, { cookie: ana.cookie });
    await expect(nextEvent(me, 'hello')).resolves.toEqual({
      message: 'Hello ana!',
      name: 'ana',
      visits: 1,
      limits: { maxConnections: 5, idleSeconds: 20 },
    });
    const other = await connectComponent(app, chat);
    const heard = nextEvent(other, 'new-message');
    await expect(emitWithAck(me, 'new-message', { text: 'Welcome!' })).resolves.toEqual({ delivered: true, from: 'ana', sent: 1 });
    await expect(heard).resolves.toMatchObject({ text: 'Welcome!', from: 'ana' });
    expect((await ana.request('GET', '/session')).body).toMatchObject({ name: 'ana', visits: 1, sent: 1, data: { text: 'Welcome!' } });

    // A name changed over HTTP is the one the socket reads next.
    await ana.request('POST', '/session/name', { name: 'ana maria' });
    await expect(emitWithAck(me, 'rename')).resolves.toEqual({ name: 'ana maria' });
    const renamed = nextEvent(other, 'new-message');
    await expect(emitWithAck(me, 'new-message', { text: 'again' })).resolves.toEqual({ delivered: true, from: 'ana maria', sent: 2 });
    await expect(renamed).resolves.toMatchObject({ text: 'again', from: 'ana maria' });
  });

  it('refuses a name or a message it cannot show, and says why', async () => {
    const visitor = new HttpClient(app);
    await expect(visitor.request('POST', '/session/name', { name: '<b>' })).resolves.toMatchObject({
      status: 400,
      body: { message: 'A name is 1 to 24 letters, digits, spaces, "_", "." or "-".' },
    });
    const socket = await connectComponent(app, chat, { cookie: visitor.cookie });
    await expect(emitWithAck(socket, 'new-message', { text: '   ' })).resolves.toEqual({
      status: 'error',
      code: 'bad_request',
      message: 'A message is 1 to 500 characters of text.',
      event: 'new-message',
    });
  });

  it("names the rooms page's connections, from the session", async () => {
    const bo = new HttpClient(app);
    await bo.request('POST', '/session/name', { name: 'bo' });
    const socket = await connectComponent(app, rooms, { cookie: bo.cookie });
    const names = (await bo.request('GET', '/rooms/names')).body;
    expect(names[socket.id!]).toBe('bo');
  });
});
