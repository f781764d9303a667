// The README's testing section, verbatim: a user's test of their own component.
import { Test } from '@nestjs/testing';
import { afterEach, expect, it } from 'vitest';
import { RainSocketsModule } from 'rain-sockets';
import { closeApps, connectComponent, emitWithAck, nextEvent, startApp } from 'rain-sockets/testing';
import { type ChatEvents, ChatModule } from './fixtures/chat.module.js';

afterEach(closeApps);

it('greets by name and passes messages on', async () => {
  const app = await startApp(Test.createTestingModule({ imports: [RainSocketsModule.forRoot({ session: { secret: 's' } }), ChatModule] }));
  const chat = { id: 'chat', version: '1.0.0', channel: 'chat' };
  const ann = await connectComponent<ChatEvents>(app, chat, { session: { user: 'ann' } });
  const bob = await connectComponent<ChatEvents>(app, chat, { session: { user: 'bob' } });
  expect(await nextEvent(ann, 'hello')).toEqual({ message: 'Hello ann!' });
  expect(await emitWithAck(ann, 'new-message', { text: 'hi' })).toEqual({ from: 'ann', text: 'hi' });
  expect(await nextEvent(bob, 'message')).toEqual({ from: 'ann', text: 'hi' });
});
