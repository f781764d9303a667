import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { closeApps, connectComponent, emitWithAck, nextEvent, noEvent, startApp } from 'rain-sockets/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import type { ChatEvents } from '../src/chat/chat.events.js';

// The chat's namespace: component id, version and channel.
const chat = { id: 'chat', version: '1.0.0', channel: 'chat' };
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('the chat, over socket.io', () => {
  let app: INestApplication;

  beforeEach(async () => {
    // The whole app, on a free port; closeApps() closes it and every client after each test.
    app = await startApp(Test.createTestingModule({ imports: [AppModule] }));
  });
  afterEach(closeApps);

  // connectComponent<ChatEvents>: the client is typed, so nextEvent and emitWithAck know the payloads.
  const join = () => connectComponent<ChatEvents>(app, chat);

  it('greets every client when it connects', async () => {
    const ann = await join();
    await expect(nextEvent(ann, 'hello')).resolves.toEqual({ message: 'Welcome to the chat!' });
  });

  it("delivers a message to everyone else, and answers the sender's ack with it", async () => {
    const [ann, bob, cid] = await Promise.all([join(), join(), join()]);

    const answer = await emitWithAck(ann, 'message', { from: 'ann', text: '  hi all  ' });

    // Trimmed by the schema, stamped by the server.
    expect(answer).toEqual({ from: 'ann', text: 'hi all', sentAt: expect.stringMatching(ISO_DATE) });
    await expect(nextEvent(bob, 'message')).resolves.toEqual(answer);
    await expect(nextEvent(cid, 'message')).resolves.toEqual(answer);
    await noEvent(ann, 'message');
  });

  it('answers a message without text with bad_request, and sends it to nobody', async () => {
    const [ann, bob] = await Promise.all([join(), join()]);

    await expect(emitWithAck(ann, 'message', { from: 'ann', text: '   ' })).resolves.toEqual({
      status: 'error',
      code: 'bad_request',
      message: 'text: Write something first.',
      event: 'message',
      details: ['text: Write something first.'],
    });
    await noEvent(bob, 'message');
    // The sender is still served.
    await expect(emitWithAck(ann, 'message', { from: 'ann', text: 'oops' })).resolves.toMatchObject({ text: 'oops' });
  });

  it('serves the page, and the browser client it loads from /rain/client.js', async () => {
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');

    const page = await fetch(url);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script src="/rain/client.js"></script>');

    const client = await fetch(`${url}/rain/client.js`);
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await client.text()).toContain('RainClient');
  });
});
