import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RainSocketsModule } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent, noEvent } from 'rain-sockets/testing';
import { ChatV1Component, ChatV1Socket, ChatV2Component, SupportComponent } from './fixtures/chat.component.js';

describe('component sockets on versioned namespaces', () => {
  let app: INestApplication;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [RainSocketsModule.forRoot({}), ChatV1Component, ChatV2Component, SupportComponent],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
  });

  afterEach(async () => {
    closeComponentClients();
    await app.close();
  });

  const v1 = { id: 'chat', version: '1.0.0', channel: 'chat' };
  const v2 = { id: 'chat', version: '2.0.0', channel: 'chat' };
  const support = { id: 'support', version: '1.0.0', channel: 'chat' };

  it('runs handle() on connection and answers events through the ack', async () => {
    const socket = await connectComponent(app, v1);
    await expect(nextEvent(socket, 'hello')).resolves.toEqual({ message: 'Hello Sockets!', version: '1.0.0' });
    await expect(emitWithAck(socket, 'new-message', { text: 'hi' })).resolves.toEqual({ received: 'hi', version: '1.0.0' });
  });

  it('serves two versions of one component side by side', async () => {
    const [a, b] = await Promise.all([connectComponent(app, v1), connectComponent(app, v2)]);
    await expect(emitWithAck(a, 'new-message', { text: 'x' })).resolves.toMatchObject({ version: '1.0.0' });
    // v2's handle() is async: its event waits for it, so greeted is true.
    await expect(emitWithAck(b, 'new-message', { text: 'x' })).resolves.toEqual({ received: 'x', version: '2.0.0', greeted: true });
  });

  it('keeps two components with the same channel name apart', async () => {
    const [chatA, chatB, supportA, supportB] = await Promise.all([
      connectComponent(app, v1),
      connectComponent(app, v1),
      connectComponent(app, support),
      connectComponent(app, support),
    ]);
    const chatHeard = nextEvent(chatB, 'message');
    const supportSilent = noEvent(supportB, 'message', 300);
    await emitWithAck(chatA, 'new-message', { text: 'for chat only' });
    await expect(chatHeard).resolves.toMatchObject({ text: 'for chat only' });
    await supportSilent;

    const supportHeard = nextEvent(supportB, 'message');
    const chatSilent = noEvent(chatB, 'message', 300);
    await emitWithAck(supportA, 'new-message', { text: 'for support' });
    await expect(supportHeard).resolves.toEqual({ text: 'for support', component: 'support' });
    await chatSilent;
  });

  it('refuses a namespace that no component serves, and goes on serving', async () => {
    await expect(connectComponent(app, { id: 'chat', version: '9.9.9', channel: 'chat' })).rejects.toThrow('Invalid namespace');
    const socket = await connectComponent(app, v1);
    await expect(emitWithAck(socket, 'new-message', { text: 'still here' })).resolves.toMatchObject({ received: 'still here' });
  });

  it('answers an unknown event with an error when the client asked for an ack', async () => {
    const socket = await connectComponent(app, v1);
    await expect(emitWithAck(socket, 'no-such-event', {})).resolves.toEqual({
      status: 'error',
      code: 'unknown_event',
      message: 'No handler for event "no-such-event".',
      event: 'no-such-event',
    });
    socket.emit('no-such-event', {});
    await expect(nextEvent(socket, 'exception')).resolves.toMatchObject({ code: 'unknown_event', event: 'no-such-event' });
  });

  it('calls onDisconnect with the reason', async () => {
    const socket = await connectComponent(app, v1);
    socket.disconnect();
    const chat = app.get(ChatV1Socket);
    await expect.poll(() => chat.disconnects).toEqual(['client namespace disconnect']);
  });
});
