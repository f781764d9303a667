import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RainRoomsModule, RainRoomsService, RainSocketsModule, RainSocketsRegistry } from 'rain-sockets';
import { type RainRoomsCallback, RainRoomsClient, RainRoomsError, type RoomMessage } from 'rain-client';

describe('RainRoomsClient', () => {
  let app: INestApplication;
  let url: string;
  const clients: RainRoomsClient[] = [];

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        RainSocketsModule.forRoot({}),
        RainRoomsModule.forRoot({ defaultRoom: 'lobby', announce: false, roomAuthorizer: ({ room }) => room !== 'vault' }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await app.close();
  });

  function client(options: ConstructorParameters<typeof RainRoomsClient>[0] = {}) {
    const created = new RainRoomsClient({
      url,
      socket: { transports: ['websocket'], reconnectionDelay: 20, reconnectionDelayMax: 50 },
      ...options,
    });
    clients.push(created);
    return created;
  }

  /** A callback's `(error, response)`, as a promise of both. */
  function called<T>(): [RainRoomsCallback<T>, Promise<[Error | null, T | null]>] {
    let done!: (value: [Error | null, T | null]) => void;
    const promise = new Promise<[Error | null, T | null]>((resolve) => (done = resolve));
    return [(error, response) => done([error, response]), promise];
  }

  it('connects with a callback, welcomed, in the default room', async () => {
    const rooms = client();
    const welcomes: unknown[] = [];
    rooms.events = { welcome: (message) => welcomes.push(message) };
    expect(rooms.state).toBe('disconnected');

    const [callback, result] = called<unknown>();
    rooms.connect(callback);
    const [error, details] = await result;
    expect(error).toBeNull();
    expect(details).toEqual({
      id: rooms.socket.id,
      type: 'webSocket',
      connectedAt: expect.any(Number),
      room: 'lobby',
      listening: [],
      rooms: ['lobby'],
    });
    expect(rooms.state).toBe('connected');
    expect(rooms).toMatchObject({ id: rooms.socket.id, room: 'lobby', listening: [] });
    await expect.poll(() => welcomes).toEqual([expect.objectContaining({ room: 'lobby', id: rooms.socket.id })]);
  });

  it('offers every verb as a promise, and keeps room and listening up to date', async () => {
    const alice = client();
    const bob = client();
    await Promise.all([alice.connect(), bob.connect()]);
    const bobHeard: RoomMessage[] = [];
    bob.events.say = (message) => bobHeard.push(message);

    await expect(alice.roomChange('games')).resolves.toEqual({ room: 'games', previousRoom: 'lobby' });
    await expect(bob.roomChange('games')).resolves.toEqual({ room: 'games', previousRoom: 'lobby' });
    expect(alice.room).toBe('games');

    const view = await bob.roomView();
    expect(view.members.map((member) => member.id).sort()).toEqual([alice.id, bob.id].sort());

    const said = await alice.say('good game');
    await expect.poll(() => bobHeard).toEqual([{ room: 'games', from: alice.id, message: 'good game', sentAt: said.sentAt }]);

    await expect(alice.listenToRoom('news')).resolves.toEqual({ room: 'news', listening: ['news'] });
    expect(alice.listening).toEqual(['news']);
    await expect(alice.roomView('news')).resolves.toMatchObject({ room: 'news', membersCount: 1 });
    await expect(alice.silenceRoom('news')).resolves.toEqual({ room: 'news', listening: [] });
    expect(alice.listening).toEqual([]);
    await expect(alice.detailsView()).resolves.toMatchObject({ room: 'games', listening: [] });
  });

  it('gives a failed verb to the callback as (error, response) and rejects its promise', async () => {
    const rooms = client();
    await rooms.connect();

    const [callback, result] = called<unknown>();
    rooms.roomChange('vault', callback);
    const [error, response] = await result;
    expect(error).toBeInstanceOf(RainRoomsError);
    expect(error).toMatchObject({ code: 'room_not_allowed', message: 'You are not allowed in room "vault".' });
    expect(response).toEqual({ error: 'You are not allowed in room "vault".', code: 'room_not_allowed' });
    expect(rooms.room).toBe('lobby');

    await expect(rooms.silenceRoom('nowhere')).rejects.toMatchObject({ name: 'RainRoomsError', code: 'not_listening' });
    await expect(rooms.say('')).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('passes the server’s alerts to events.alert', async () => {
    const rooms = client();
    const alerts: unknown[] = [];
    rooms.events.alert = (alert) => alerts.push(alert);
    await rooms.connect();
    app.get(RainRoomsService).alert('restart in 5 minutes', 'lobby');
    await expect.poll(() => alerts).toEqual([{ message: 'restart in 5 minutes', room: 'lobby', sentAt: expect.any(Number) }]);
  });

  it('reconnects after the connection drops, back in its room and the rooms it listened to', async () => {
    const rooms = client();
    const seen: string[] = [];
    const reconnected: unknown[] = [];
    rooms.events = {
      disconnect: (reason) => seen.push(`disconnect:${reason}:${rooms.state}`),
      reconnect: (details) => reconnected.push(details),
    };
    await rooms.connect();
    await rooms.roomChange('games');
    await rooms.listenToRoom('news');
    const firstId = rooms.id;

    const server = app.get(RainSocketsRegistry).server('rooms', '1.0.0', 'rooms');
    server.namespace.sockets.get(firstId!)!.conn.close();

    await expect.poll(() => reconnected).toHaveLength(1);
    expect(seen).toEqual(['disconnect:transport close:reconnecting']);
    expect(reconnected[0]).toMatchObject({ room: 'games', listening: ['news'], rooms: ['games', 'news'] });
    expect(rooms.state).toBe('connected');
    expect(rooms.id).not.toBe(firstId);
    expect((await app.get(RainRoomsService).members('games')).map((member) => member.id)).toEqual([rooms.id]);
  });

  it('disconnects on request: state, event, and verbs refused at once', async () => {
    const rooms = client();
    const reasons: string[] = [];
    rooms.events.disconnect = (reason) => reasons.push(reason);
    await rooms.connect();
    rooms.disconnect();
    expect(rooms.state).toBe('disconnected');
    expect(reasons).toEqual(['io client disconnect']);
    await expect(rooms.say('anyone?')).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('quits through the server', async () => {
    const rooms = client();
    await rooms.connect();
    await expect(rooms.quit()).resolves.toEqual({ status: 'bye' });
    await expect.poll(() => rooms.state).toBe('disconnected');
  });

  it('fails to connect with connect_failed and the server’s reason, and does not retry', async () => {
    const rooms = client({ namespace: '/no/such/namespace' });
    const [callback, result] = called<unknown>();
    rooms.connect(callback);
    const [error] = await result;
    expect(error).toMatchObject({ code: 'connect_failed', message: 'RainRoomsClient: could not connect: Invalid namespace.' });
    expect(rooms.state).toBe('disconnected');
    expect(rooms.socket.active).toBe(false);
  });

  it('reports a failing event handler and goes on delivering', async () => {
    const errors: string[] = [];
    const rooms = client({ onError: (_error, message) => errors.push(message) });
    const heard: string[] = [];
    rooms.events.say = (message) => {
      heard.push(message.message);
      if (message.message === 'first') throw new Error('handler bug');
    };
    await rooms.connect();
    await rooms.say('first');
    await rooms.say('second');
    await expect.poll(() => heard).toEqual(['first', 'second']);
    expect(errors).toEqual(['RainRoomsClient: the "say" handler failed.']);
  });

  it('needs a url outside a browser', () => {
    expect(() => new RainRoomsClient()).toThrow('RainRoomsClient: no `url` given');
  });
});
