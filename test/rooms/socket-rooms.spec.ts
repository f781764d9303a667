import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RainSocketsModule, RainSocketsRegistry } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent, noEvent } from 'rain-sockets/testing';
import { BlueComponent, RedComponent } from './fixtures/room-play.component.js';

describe('rooms on component sockets', () => {
  let app: INestApplication;
  const red = { id: 'red', version: '1.0.0', channel: 'play' };
  const blue = { id: 'blue', version: '1.0.0', channel: 'play' };

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [RainSocketsModule.forRoot({}), RedComponent, BlueComponent],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
  });

  afterEach(async () => {
    closeComponentClients();
    await app.close();
  });

  const server = (component: 'red' | 'blue') => app.get(RainSocketsRegistry).server(component, '1.0.0', 'play');

  it('joins and leaves rooms, and socket.rooms says where the socket is', async () => {
    const socket = await connectComponent(app, red);
    await expect(emitWithAck(socket, 'join', 'lobby')).resolves.toEqual([socket.id, 'lobby']);
    await expect(emitWithAck(socket, 'join', 'games')).resolves.toEqual([socket.id, 'lobby', 'games']);
    await expect(emitWithAck(socket, 'leave', 'lobby')).resolves.toEqual([socket.id, 'games']);
  });

  it('sends to a room through socket.to(), the sender and other rooms left out', async () => {
    const [sender, inRoom, elsewhere] = await Promise.all([
      connectComponent(app, red),
      connectComponent(app, red),
      connectComponent(app, red),
    ]);
    await emitWithAck(sender, 'join', 'lobby');
    await emitWithAck(inRoom, 'join', 'lobby');
    await emitWithAck(elsewhere, 'join', 'games');

    const heard = nextEvent(inRoom, 'shouted');
    const senderSilent = noEvent(sender, 'shouted');
    const elsewhereSilent = noEvent(elsewhere, 'shouted');
    await emitWithAck(sender, 'shout', { room: 'lobby', text: 'hi lobby' });
    await expect(heard).resolves.toEqual({ room: 'lobby', text: 'hi lobby', from: sender.id });
    await Promise.all([senderSilent, elsewhereSilent]);
  });

  it('broadcasts to every other socket of the component and none of another', async () => {
    const [sender, peer, otherComponent] = await Promise.all([
      connectComponent(app, red),
      connectComponent(app, red),
      connectComponent(app, blue),
    ]);
    const heard = nextEvent(peer, 'announced');
    const senderSilent = noEvent(sender, 'announced');
    const blueSilent = noEvent(otherComponent, 'announced');
    await emitWithAck(sender, 'announce', 'hello red');
    await expect(heard).resolves.toEqual({ text: 'hello red', from: sender.id });
    await Promise.all([senderSilent, blueSilent]);
  });

  it('keeps rooms named alike in two components apart', async () => {
    const [redSender, redPeer, bluePeer] = await Promise.all([
      connectComponent(app, red),
      connectComponent(app, red),
      connectComponent(app, blue),
    ]);
    for (const socket of [redSender, redPeer, bluePeer]) await emitWithAck(socket, 'join', 'lobby');

    const redHeard = nextEvent(redPeer, 'shouted');
    const blueSilent = noEvent(bluePeer, 'shouted');
    await emitWithAck(redSender, 'shout', { room: 'lobby', text: 'red only' });
    await expect(redHeard).resolves.toMatchObject({ text: 'red only' });
    await blueSilent;

    expect((await server('red').members('lobby')).sort()).toEqual([redSender.id, redPeer.id].sort());
    await expect(server('blue').members('lobby')).resolves.toEqual([bluePeer.id]);
  });

  it('emits to a room from the component server, outside any handler', async () => {
    const [inRoom, outside, blueInRoom] = await Promise.all([
      connectComponent(app, red),
      connectComponent(app, red),
      connectComponent(app, blue),
    ]);
    await emitWithAck(inRoom, 'join', 'news');
    await emitWithAck(blueInRoom, 'join', 'news');

    const heard = nextEvent(inRoom, 'headline');
    const outsideSilent = noEvent(outside, 'headline');
    const blueSilent = noEvent(blueInRoom, 'headline');
    server('red').to('news').emit('headline', { text: 'rooms work' });
    await expect(heard).resolves.toEqual({ text: 'rooms work' });
    await Promise.all([outsideSilent, blueSilent]);
  });

  it('lists every room with its members, without the sockets’ own id rooms', async () => {
    const [a, b] = await Promise.all([connectComponent(app, red), connectComponent(app, red)]);
    await emitWithAck(a, 'join', 'lobby');
    await emitWithAck(b, 'join', 'lobby');
    await emitWithAck(b, 'join', 'games');

    const rooms = await server('red').rooms();
    expect([...rooms.keys()]).toEqual(['games', 'lobby']);
    expect(rooms.get('games')).toEqual([b.id]);
    expect([...rooms.get('lobby')!].sort()).toEqual([a.id, b.id].sort());
  });

  it('takes a socket out of its rooms when it disconnects', async () => {
    const [staying, leaving] = await Promise.all([connectComponent(app, red), connectComponent(app, red)]);
    await emitWithAck(staying, 'join', 'lobby');
    await emitWithAck(leaving, 'join', 'lobby');
    await emitWithAck(leaving, 'join', 'games');

    leaving.disconnect();
    await expect.poll(() => server('red').rooms()).toEqual(new Map([['lobby', [staying.id]]]));
    await expect(server('red').members('games')).resolves.toEqual([]);
  });
});
