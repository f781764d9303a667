import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import expressSession, { MemoryStore } from 'express-session';
import { afterEach, describe, expect, it } from 'vitest';
import { RainSocketsModule, type RainSocketsOptions } from 'rain-sockets';
import {
  closeApps,
  connectComponent,
  connectSocket,
  emitWithAck,
  nextEvent,
  noEvent,
  openComponentClients,
  sessionCookie,
  spawnNode,
  startApp,
} from 'rain-sockets/testing';
import { type ChatEvents, ChatModule } from './fixtures/chat.module.js';
import { FROM_SOURCE } from '../support/from-source.js';

const chat = { id: 'chat', version: '1.0.0', channel: 'chat' };
const start = (options: RainSocketsOptions = { session: { secret: 'kit secret' } }) =>
  startApp(Test.createTestingModule({ imports: [RainSocketsModule.forRoot(options), ChatModule] }));
const getJson = async (app: INestApplication, path: string, cookie?: string) => {
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return (await fetch(url + path, { headers: cookie ? { cookie } : {} })).json();
};

describe('rain-sockets/testing', () => {
  afterEach(closeApps);

  describe('session values before connecting', () => {
    it('puts them in the app’s store, where the socket and HTTP both find them', async () => {
      const app = await start();
      const socket = await connectComponent<ChatEvents>(app, chat, { session: { user: 'ann' } });
      expect(await nextEvent(socket, 'hello')).toEqual({ message: 'Hello ann!' });

      const cookie = await sessionCookie(app, { user: 'bob' });
      await expect(getJson(app, '/me', cookie)).resolves.toEqual({ user: 'bob' });
      await expect(getJson(app, '/me')).resolves.toEqual({ user: null });
    });

    it('goes through the app’s own express-session middleware when it brings one (its name, secret and store)', async () => {
      const store = new MemoryStore();
      const middleware = expressSession({ secret: 'app secret', name: 'app.sid', store, resave: false, saveUninitialized: false });
      const app = await start({ session: { middleware, requireSession: true } });
      const cookie = await sessionCookie(app, { user: 'cat' });
      expect(cookie).toMatch(/^app\.sid=s%3A/);
      expect(Object.values(await new Promise<Record<string, unknown>>((resolve) => store.all((_e, all) => resolve(all as never))))).toEqual([
        expect.objectContaining({ user: 'cat' }),
      ]);
      const socket = await connectComponent<ChatEvents>(app, chat, { session: { user: 'dan' } });
      expect(await nextEvent(socket, 'hello')).toEqual({ message: 'Hello dan!' });
    });

    it('says sessions are off instead of connecting without them', async () => {
      const app = await start({});
      await expect(connectComponent(app, chat, { session: { user: 'ann' } })).rejects.toThrow(
        'connectComponent({ session }) / sessionCookie(): the app has no sessions; pass `session` to RainSocketsModule.forRoot().',
      );
      expect(openComponentClients()).toBe(0);
    });
  });

  describe('waiting and acks', () => {
    it('sees an event that came with the connection, before anyone waited for it', async () => {
      const app = await start();
      const socket = await connectComponent<ChatEvents>(app, chat);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await nextEvent(socket, 'hello')).toEqual({ message: 'Hello stranger!' });
    });

    it('rejects with the event’s name when it does not come in time, and noEvent fails when it does', async () => {
      const app = await start();
      const [ann, bob] = await Promise.all([connectComponent<ChatEvents>(app, chat), connectComponent<ChatEvents>(app, chat)]);
      await expect(nextEvent(ann, 'message', 100)).rejects.toThrow('No "message" within 100 ms');
      await emitWithAck(bob, 'new-message', { text: 'hi' });
      await expect(noEvent(ann, 'message', 100)).rejects.toThrow('Unexpected "message": {"from":"stranger","text":"hi"}');
    });

    it('sends the Origin it is given', async () => {
      const app = await start();
      // The app's own origin: one an origin check lets through.
      const origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
      const socket = await connectComponent<ChatEvents>(app, chat, { origin });
      await expect(emitWithAck(socket, 'handshake')).resolves.toEqual({ origin });
    });
  });

  describe('cleaning up', () => {
    it('leaves no client open once the app closes, and none after a refused connection', async () => {
      const app = await start({ session: { secret: 'kit secret', requireSession: true } });
      await expect(connectComponent(app, chat)).rejects.toMatchObject({ data: { code: 'session_required' } });
      expect(openComponentClients()).toBe(0);

      const socket = await connectComponent(app, chat, { session: { user: 'ann' } });
      expect(openComponentClients()).toBe(1);
      await app.close();
      await expect.poll(() => socket.connected).toBe(false);
      expect(openComponentClients()).toBe(0);
    });
  });

  describe('a node in a process of its own', () => {
    it('serves its components, closes gracefully, and dies at once when killed', async () => {
      const entry = new URL('./fixtures/chat-node.entry.ts', import.meta.url);
      const graceful = await spawnNode(entry, FROM_SOURCE);
      const socket = await connectSocket<ChatEvents>(`${graceful.url}/chat/1.0.0/chat`);
      expect(await nextEvent(socket, 'hello')).toEqual({ message: 'Hello stranger!' });
      const told = nextEvent(socket, 'server_shutdown', 5_000);
      await graceful.close();
      await expect(told).resolves.toEqual({});
      await expect.poll(() => socket.connected).toBe(false);

      const killed = await spawnNode(entry, FROM_SOURCE);
      const victim = await connectSocket(`${killed.url}/chat/1.0.0/chat`);
      await killed.kill();
      await expect.poll(() => victim.connected).toBe(false);
      expect(() => process.kill(killed.pid, 0)).toThrow();
    });

    it('says what the entry must export', async () => {
      await expect(spawnNode(new URL('./fixtures/no-factory.entry.ts', import.meta.url), FROM_SOURCE)).rejects.toThrow(
        /exited before it listened[^]*must export by default a function that returns the app/,
      );
    });
  });
});
