import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRainClient, type RainClient } from 'rain-client';
import { type ClientApp, startClientApp } from './fixtures/client-app.js';
import { next, plainAck } from './fixtures/client-events.js';

describe('component contexts and their sockets', () => {
  let server: ClientApp;
  let rain: RainClient;

  beforeEach(async () => {
    server = await startClientApp();
    rain = createRainClient({ url: server.url });
  });

  afterEach(async () => {
    rain.close();
    await server.app.close();
  });

  it('connects getSocket(channel) lazily to /{id}/{version}/{channel}, as socket.io-client socket', async () => {
    const context = rain.component('chat', '1.0.0');
    expect(context).toMatchObject({ id: 'chat', version: '1.0.0' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.sockets()).toHaveLength(0);

    const socket = context.messaging.getSocket('chat');
    await expect(next(socket, 'hello')).resolves.toEqual({ message: 'Hello Sockets!' });
    expect(server.sockets().map((s) => s.nsp.name)).toEqual(['/chat/1.0.0/chat']);
    expect(server.sockets()[0]!.conn.transport.name).toBe('websocket');
    await expect(socket.timeout(2_000).emitWithAck('new-message', { text: 'hi' })).resolves.toEqual({ received: 'hi' });
  });

  it('returns the same socket for a channel on every call, from every context of the component', async () => {
    const first = rain.component('chat', '1.0.0');
    const socket = first.messaging.getSocket('chat');
    expect(first.messaging.getSocket('chat')).toBe(socket);
    expect(rain.component('chat', '1.0.0').messaging.getSocket('chat')).toBe(socket);

    const news = first.messaging.getSocket('news');
    expect(news).not.toBe(socket);
    await expect(plainAck(news, 'ping')).resolves.toBe('pong');
    await expect.poll(() => server.sockets('chat').length + server.sockets('news').length).toBe(2);
  });

  it('relays between two clients, each with its own connection', async () => {
    const other = createRainClient({ url: server.url });
    try {
      const mine = rain.component('chat', '1.0.0').messaging.getSocket('chat');
      const theirs = other.component('chat', '1.0.0').messaging.getSocket('chat');
      await Promise.all([next(mine, 'hello'), next(theirs, 'hello')]);
      const heard = next(theirs, 'new-message');
      await plainAck(mine, 'new-message', { text: 'from me' });
      await expect(heard).resolves.toEqual({ text: 'from me' });
      expect(new Set(server.sockets().map((s) => s.conn)).size).toBe(2);
    } finally {
      other.close();
    }
  });

  it('refuses a channel, id or version that cannot be a namespace segment', () => {
    expect(() => rain.component('chat/x', '1.0.0')).toThrow('rain-client: the component id must be a non-empty string without "/"; got "chat/x".');
    expect(() => rain.component('chat', '1.0.0').messaging.getSocket('')).toThrow('the channel must be a non-empty string');
    expect(() => createRainClient({ url: 'not a url' })).toThrow('createRainClient: `url` must be an absolute http(s) URL; got "not a url".');
    expect(() => createRainClient()).toThrow('no `url` given and no page to take the origin from');
  });
});

describe('the app-wide bus', () => {
  it('reaches subscribers of every context, until they unsubscribe', () => {
    const rain = createRainClient({ url: 'http://127.0.0.1:9' });
    const chat = rain.component('chat', '1.0.0').messaging;
    const list = rain.component('list', '2.0.0').messaging;
    const heard: string[] = [];
    const stopChat = chat.subscribe('user_changed', (d: { name: string }) => heard.push(`chat:${d.name}`));
    list.subscribe('user_changed', (d: { name: string }) => heard.push(`list:${d.name}`));

    list.publish('user_changed', { name: 'ana' });
    stopChat();
    stopChat();
    rain.messaging.publish('user_changed', { name: 'bo' });
    chat.publish('nobody_listens', {});

    expect(heard).toEqual(['chat:ana', 'list:ana', 'list:bo']);
    rain.close();
  });

  it('keeps calling the other subscribers when one throws, and reports the error', () => {
    const onError = vi.fn();
    const rain = createRainClient({ url: 'http://127.0.0.1:9', onError });
    const heard: number[] = [];
    rain.messaging.subscribe('tick', () => {
      throw new Error('subscriber bug');
    });
    rain.messaging.subscribe('tick', (n: number) => heard.push(n));

    rain.messaging.publish('tick', 1);

    expect(heard).toEqual([1]);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'subscriber bug' }), 'rain-client: a subscriber of "tick" failed.');
    rain.close();
  });
});
