import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidRainSocketsOptionError, RainRoomsModule, type RainRoomsOptions, RainRoomsService, RainSocketsModule } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent, noEvent } from 'rain-sockets/testing';

const rooms = { id: 'rooms', version: '1.0.0', channel: 'rooms' };

describe('RainRoomsModule: actionHero’s verbs', () => {
  let app: INestApplication | undefined;

  async function start(options: RainRoomsOptions = {}, address = rooms) {
    const moduleRef = await Test.createTestingModule({
      imports: [RainSocketsModule.forRoot({}), RainRoomsModule.forRoot(options)],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
    const connect = async () => {
      const socket = await connectComponent(app!, address);
      await nextEvent(socket, 'welcome');
      return socket;
    };
    return { app, connect, service: app.get(RainRoomsService) };
  }

  /** Reads `say` events up to the one with `message` from `from`, and returns it. */
  async function heard(socket: Socket, message: string, from: string) {
    for (;;) {
      const said = await nextEvent(socket, 'say');
      if (said.message === message && said.from === from) return said;
    }
  }

  afterEach(async () => {
    closeComponentClients();
    await app?.close();
    app = undefined;
  });

  describe('on connect', () => {
    it('welcomes the connection and puts it in the default room', async () => {
      await start({ defaultRoom: 'lobby', welcomeMessage: 'Hi!' });
      const socket = await connectComponent(app!, rooms);
      const welcome = await nextEvent(socket, 'welcome');
      expect(welcome).toEqual({ welcome: 'Hi!', room: 'lobby', id: socket.id, connectedAt: expect.any(Number) });
      await expect(nextEvent(socket, 'say')).resolves.toEqual({
        room: 'lobby',
        from: socket.id,
        message: 'I have entered the room',
        sentAt: expect.any(Number),
      });
      await expect(emitWithAck(socket, 'detailsView')).resolves.toEqual({
        id: socket.id,
        type: 'webSocket',
        connectedAt: welcome.connectedAt,
        room: 'lobby',
        listening: [],
        rooms: ['lobby'],
      });
    });

    it('puts the connection in no room when defaultRoom is null', async () => {
      const { connect } = await start({ defaultRoom: null });
      const socket = await connect();
      await expect(emitWithAck(socket, 'detailsView')).resolves.toMatchObject({ room: null, rooms: [] });
      await expect(emitWithAck(socket, 'say', 'anyone?')).resolves.toEqual({
        error: 'You are not in a room: join one with roomChange first.',
        code: 'no_room',
      });
      await expect(emitWithAck(socket, 'roomView')).resolves.toMatchObject({ code: 'no_room' });
    });
  });

  describe('say and roomView', () => {
    it('says to everyone in the room, the speaker included, and to no other room', async () => {
      const { connect } = await start({ defaultRoom: 'lobby', announce: false });
      const [alice, bob, carol] = await Promise.all([connect(), connect(), connect()]);
      await emitWithAck(carol, 'roomChange', 'games');

      const bobHears = nextEvent(bob, 'say');
      const aliceHears = nextEvent(alice, 'say');
      const carolSilent = noEvent(carol, 'say');
      const answer = await emitWithAck(alice, 'say', 'hello lobby');
      expect(answer).toEqual({ room: 'lobby', sentAt: expect.any(Number) });
      const expected = { room: 'lobby', from: alice.id, message: 'hello lobby', sentAt: answer.sentAt };
      await expect(bobHears).resolves.toEqual(expected);
      await expect(aliceHears).resolves.toEqual(expected);
      await carolSilent;
    });

    it('shows the room and its members, oldest first', async () => {
      const { connect } = await start({ defaultRoom: 'lobby' });
      const alice = await connect();
      const bob = await connect();
      const view = await emitWithAck(bob, 'roomView');
      expect(view).toEqual({
        room: 'lobby',
        membersCount: 2,
        members: [
          { id: alice.id, connectedAt: expect.any(Number), listening: false },
          { id: bob.id, connectedAt: expect.any(Number), listening: false },
        ],
      });
    });

    it('refuses a message that is not a string or is too long', async () => {
      const { connect } = await start({ maxMessageLength: 5 });
      const socket = await connect();
      await expect(emitWithAck(socket, 'say', { text: 'hi' })).resolves.toEqual({
        error: 'A message must be a non-empty string.',
        code: 'bad_request',
      });
      await expect(emitWithAck(socket, 'say', '123456')).resolves.toEqual({
        error: 'A message is at most 5 characters; this one has 6.',
        code: 'message_too_long',
      });
    });
  });

  describe('roomChange', () => {
    it('moves the connection, telling the old room it left and the new one it came', async () => {
      const { connect } = await start({ defaultRoom: 'lobby' });
      const [mover, stayer, waiting] = await Promise.all([connect(), connect(), connect()]);
      await emitWithAck(waiting, 'roomChange', 'games');

      const stayerHears = heard(stayer, 'I have left the room', mover.id!);
      const waitingHears = heard(waiting, 'I have entered the room', mover.id!);
      await expect(emitWithAck(mover, 'roomChange', 'games')).resolves.toEqual({ room: 'games', previousRoom: 'lobby' });
      await expect(stayerHears).resolves.toMatchObject({ room: 'lobby', from: mover.id });
      await expect(waitingHears).resolves.toMatchObject({ room: 'games', from: mover.id });

      const view = await emitWithAck(mover, 'roomView');
      expect(view.room).toBe('games');
      expect(view.members.map((m: { id: string }) => m.id).sort()).toEqual([mover.id, waiting.id].sort());
      expect((await emitWithAck(stayer, 'roomView')).members.map((m: { id: string }) => m.id)).toEqual([stayer.id]);
    });

    it('refuses a room name that is missing or too long', async () => {
      const { connect } = await start({ defaultRoom: 'lobby', maxRoomNameLength: 8 });
      const socket = await connect();
      await expect(emitWithAck(socket, 'roomChange', '')).resolves.toEqual({
        error: 'A room name must be a non-empty string.',
        code: 'bad_request',
      });
      await expect(emitWithAck(socket, 'roomChange', 'a-very-long-room')).resolves.toEqual({
        error: 'A room name is at most 8 characters; this one has 16.',
        code: 'room_name_too_long',
      });
      await expect(emitWithAck(socket, 'detailsView')).resolves.toMatchObject({ room: 'lobby' });
    });

    it('asks the roomAuthorizer, and a refusal keeps the connection where it was', async () => {
      const asked: unknown[] = [];
      const { connect } = await start({
        defaultRoom: 'lobby',
        roomAuthorizer: ({ room, verb, socket }) => {
          asked.push({ room, verb, id: socket.id });
          return !room.startsWith('staff');
        },
      });
      const socket = await connect();
      await expect(emitWithAck(socket, 'roomChange', 'staff-only')).resolves.toEqual({
        error: 'You are not allowed in room "staff-only".',
        code: 'room_not_allowed',
      });
      await expect(emitWithAck(socket, 'listenToRoom', 'staff-news')).resolves.toMatchObject({ code: 'room_not_allowed' });
      await expect(emitWithAck(socket, 'roomChange', 'games')).resolves.toEqual({ room: 'games', previousRoom: 'lobby' });
      expect(asked).toEqual([
        { room: 'staff-only', verb: 'roomChange', id: socket.id },
        { room: 'staff-news', verb: 'listenToRoom', id: socket.id },
        { room: 'games', verb: 'roomChange', id: socket.id },
      ]);
    });

    it('answers an authorizer that throws with an internal error, and goes on serving', async () => {
      const { connect } = await start({
        roomAuthorizer: ({ room }) => {
          if (room === 'boom') throw new Error('database down');
          return true;
        },
      });
      const socket = await connect();
      await expect(emitWithAck(socket, 'roomChange', 'boom')).resolves.toEqual({ error: 'Internal server error', code: 'internal' });
      await expect(emitWithAck(socket, 'roomChange', 'calm')).resolves.toMatchObject({ room: 'calm' });
    });
  });

  describe('listenToRoom and silenceRoom', () => {
    it('hears another room while speaking in its own, until it silences it', async () => {
      const { connect } = await start({ defaultRoom: 'lobby', announce: false });
      const [listener, speaker] = await Promise.all([connect(), connect()]);
      await emitWithAck(speaker, 'roomChange', 'news');
      await expect(emitWithAck(listener, 'listenToRoom', 'news')).resolves.toEqual({ room: 'news', listening: ['news'] });
      await expect(emitWithAck(listener, 'detailsView')).resolves.toMatchObject({
        room: 'lobby',
        listening: ['news'],
        rooms: ['lobby', 'news'],
      });

      const hears = nextEvent(listener, 'say');
      await emitWithAck(speaker, 'say', 'breaking');
      await expect(hears).resolves.toMatchObject({ room: 'news', message: 'breaking', from: speaker.id });
      await expect(emitWithAck(listener, 'roomView', 'news')).resolves.toMatchObject({
        membersCount: 2,
        members: expect.arrayContaining([{ id: listener.id, connectedAt: expect.any(Number), listening: true }]),
      });

      await expect(emitWithAck(listener, 'silenceRoom', 'news')).resolves.toEqual({ room: 'news', listening: [] });
      const silent = noEvent(listener, 'say');
      await emitWithAck(speaker, 'say', 'nobody hears this in the lobby');
      await silent;
    });

    it('refuses to silence a room it does not listen to, or its own room', async () => {
      const { connect } = await start({ defaultRoom: 'lobby' });
      const socket = await connect();
      await expect(emitWithAck(socket, 'silenceRoom', 'news')).resolves.toEqual({
        error: 'You are not listening to room "news".',
        code: 'not_listening',
      });
      await expect(emitWithAck(socket, 'silenceRoom', 'lobby')).resolves.toMatchObject({ code: 'own_room' });
      await expect(emitWithAck(socket, 'roomView', 'news')).resolves.toEqual({
        error: 'You are neither in nor listening to room "news".',
        code: 'not_in_room',
      });
    });

    it('limits how many rooms a connection listens to', async () => {
      const { connect } = await start({ maxListenedRooms: 1 });
      const socket = await connect();
      await emitWithAck(socket, 'listenToRoom', 'one');
      await expect(emitWithAck(socket, 'listenToRoom', 'one')).resolves.toEqual({ room: 'one', listening: ['one'] });
      await expect(emitWithAck(socket, 'listenToRoom', 'two')).resolves.toEqual({
        error: 'You may listen to at most 1 rooms besides your own.',
        code: 'too_many_rooms',
      });
    });
  });

  describe('quit and unknown verbs', () => {
    it('answers quit, then closes the connection, and the room hears it left', async () => {
      const { connect, service } = await start({ defaultRoom: 'lobby' });
      const [quitter, other] = await Promise.all([connect(), connect()]);
      const quitterId = quitter.id!;
      const otherHears = heard(other, 'I have left the room', quitterId);
      const closed = new Promise((resolve) => quitter.once('disconnect', resolve));
      await expect(emitWithAck(quitter, 'quit')).resolves.toEqual({ status: 'bye' });
      await expect(closed).resolves.toBe('io server disconnect');
      await expect(otherHears).resolves.toMatchObject({ from: quitterId, room: 'lobby' });
      await expect(service.members('lobby')).resolves.toEqual([{ id: other.id, connectedAt: expect.any(Number), listening: false }]);
    });

    it('answers an unknown verb with an error object', async () => {
      const { connect } = await start();
      const socket = await connect();
      await expect(emitWithAck(socket, 'dance', {})).resolves.toEqual({
        error:
          'Unknown verb "dance"; the verbs are roomChange, roomView, listenToRoom, silenceRoom, detailsView, say and quit.',
        code: 'unknown_verb',
      });
    });
  });

  describe('RainRoomsService', () => {
    it('lists rooms and members, and speaks and alerts as the server', async () => {
      const { connect, service } = await start({ defaultRoom: 'lobby', announce: false });
      const [a, b] = await Promise.all([connect(), connect()]);
      await emitWithAck(b, 'listenToRoom', 'news');

      const listed = await service.rooms();
      expect([...listed.keys()]).toEqual(['lobby', 'news']);
      expect(listed.get('news')).toEqual([{ id: b.id, connectedAt: expect.any(Number), listening: true }]);
      expect(listed.get('lobby')!.map((m) => m.id).sort()).toEqual([a.id, b.id].sort());

      const bHears = nextEvent(b, 'say');
      const aSilent = noEvent(a, 'say');
      const said = service.say('news', 'from the desk');
      await expect(bHears).resolves.toEqual({ room: 'news', from: 'server', message: 'from the desk', sentAt: said.sentAt });
      await aSilent;

      const alerts = Promise.all([nextEvent(a, 'alert'), nextEvent(b, 'alert')]);
      service.alert('maintenance at noon');
      await expect(alerts).resolves.toEqual([
        { message: 'maintenance at noon', sentAt: expect.any(Number) },
        { message: 'maintenance at noon', sentAt: expect.any(Number) },
      ]);
    });
  });

  describe('options', () => {
    it('serves the namespace given in the options, and takes them from a factory', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [
          RainSocketsModule.forRoot({}),
          RainRoomsModule.forRootAsync({ useFactory: async () => ({ component: 'chatrooms', version: '2.0.0', channel: 'live' }) }),
        ],
      }).compile();
      app = moduleRef.createNestApplication({ logger: false });
      await app.listen(0);
      const socket = await connectComponent(app, { id: 'chatrooms', version: '2.0.0', channel: 'live' });
      await expect(nextEvent(socket, 'welcome')).resolves.toMatchObject({ room: 'defaultRoom' });
      await expect(connectComponent(app, rooms)).rejects.toThrow('Invalid namespace');
    });

    it('stops the start-up on an option it cannot use, naming it', async () => {
      await expect(start({ maxRoomNameLength: 0 })).rejects.toThrow(InvalidRainSocketsOptionError);
      await expect(start({ defaultRoom: 'x'.repeat(70) })).rejects.toThrow(
        'RainRoomsModule: option "defaultRoom" must be at most maxRoomNameLength (64) characters',
      );
    });
  });
});
