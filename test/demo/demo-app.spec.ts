import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { AppModule } from '../../src/app.module.js';
import { HttpClient } from '../session/fixtures/http-client.js';

describe('the demo chat app', () => {
  let app: INestApplication;
  const chat = { id: 'chat', version: '1.0.0', channel: 'chat' };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
  });

  afterAll(async () => {
    closeComponentClients();
    await app.close();
  });

  it('serves the page, says hello on /chat/1.0.0/chat, relays messages and keeps the last one in the session', async () => {
    const http = new HttpClient(app);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    expect(await (await fetch(url)).text()).toContain('rain-sockets chat');
    await http.request('GET', '/session');
    const [me, other] = await Promise.all([connectComponent(app, chat, { cookie: http.cookie }), connectComponent(app, chat)]);
    await expect(nextEvent(me, 'hello')).resolves.toEqual({ message: 'Hello Sockets!' });
    const heard = nextEvent(other, 'new-message');
    await expect(emitWithAck(me, 'new-message', { text: 'Welcome!' })).resolves.toEqual({ delivered: true });
    await expect(heard).resolves.toMatchObject({ text: 'Welcome!' });
    expect((await http.request('GET', '/session')).body).toMatchObject({ data: { text: 'Welcome!' } });
  });
});
