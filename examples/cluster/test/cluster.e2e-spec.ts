import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createRainClient, PresenceList, type RainClient } from 'rain-client';
import { closeApps, connectComponent, emitWithAck, nextEvent, startNodes, testRedis } from 'rain-sockets/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import type { LobbyEvents, LobbyMeta } from '../src/lobby/lobby.events.js';

// REDIS_URL's Redis, or undefined after one loud line (the suite skips); RAIN_REQUIRE_REDIS=1 fails instead.
const redisUrl = await testRedis();
const lobby = { id: 'lobby', version: '1.0.0', channel: 'lobby' };
// What crosses nodes goes through Redis: give it more than expect.poll's default second on a busy machine.
const acrossNodes = { timeout: 5_000 };

describe.skipIf(!redisUrl)('two nodes behind Redis', () => {
  let a: INestApplication;
  let b: INestApplication;
  const clients: RainClient[] = [];

  beforeEach(async () => {
    // Two apps on one Redis, under a key prefix of their own, so tests running at once never hear each other.
    ({ apps: [a, b] } = await startNodes(2, ({ index, redisUrl: url, keyPrefix }) =>
      Test.createTestingModule({ imports: [AppModule.forRoot({ redisUrl: url, keyPrefix, nodeName: ['a', 'b'][index]! })] }),
    ));
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await closeApps();
  });

  const urlOf = async (node: INestApplication) => (await node.getUrl()).replace('[::1]', '127.0.0.1');

  /** A user on a node, with rain-client as a page would use it, following the lobby's presence. */
  async function user(node: INestApplication, name: string) {
    const rain = createRainClient({ url: await urlOf(node), socket: { auth: { name } } });
    clients.push(rain);
    const socket = rain.component('lobby', '1.0.0').messaging.getSocket<LobbyEvents>('lobby');
    // Right after getSocket: the state comes as the socket connects.
    const online = new PresenceList<LobbyMeta>(socket);
    return { socket, online };
  }

  /** Who a presence list shows, and on which node, sorted: `['ann@a', 'bob@b']`. */
  const seen = (presence: PresenceList<LobbyMeta>) =>
    presence
      .list()
      .flatMap(({ key, metas }) => metas.map((meta) => `${key}@${meta.node}`))
      .sort();

  it('shows a user on node A a user on node B in the lobby, and their leaving', async () => {
    const ann = await user(a, 'ann');
    await expect.poll(() => seen(ann.online), acrossNodes).toEqual(['ann@a']);

    const bob = await user(b, 'bob');
    await expect.poll(() => seen(ann.online), acrossNodes).toEqual(['ann@a', 'bob@b']);
    await expect.poll(() => seen(bob.online), acrossNodes).toEqual(['ann@a', 'bob@b']);

    bob.socket.disconnect();
    await expect.poll(() => seen(ann.online), acrossNodes).toEqual(['ann@a']);
  });

  it('puts users of both nodes in one room: each sees the other there, and hears what they say', async () => {
    const ann = await user(a, 'ann');
    const bob = await user(b, 'bob');
    const cid = await user(a, 'cid'); // on ann's node, in another room
    // A room's presence list, made before the join: the room's state comes while the join is handled.
    const annInOps = new PresenceList<LobbyMeta>(ann.socket, { room: 'ops' });
    const bobInOps = new PresenceList<LobbyMeta>(bob.socket, { room: 'ops' });

    await expect(ann.socket.emitWithAck('join', 'ops')).resolves.toEqual({ room: 'ops' });
    await expect(bob.socket.emitWithAck('join', 'ops')).resolves.toEqual({ room: 'ops' });
    await expect(cid.socket.emitWithAck('join', 'dev')).resolves.toEqual({ room: 'dev' });
    await expect.poll(() => seen(annInOps), acrossNodes).toEqual(['ann@a', 'bob@b']);
    await expect.poll(() => seen(bobInOps), acrossNodes).toEqual(['ann@a', 'bob@b']);

    const heard = { ann: [] as string[], cid: [] as string[] };
    ann.socket.on('said', (message) => heard.ann.push(`${message.room}/${message.from}: ${message.text}`));
    cid.socket.on('said', (message) => heard.cid.push(`${message.room}/${message.from}: ${message.text}`));
    await expect(bob.socket.emitWithAck('say', { room: 'ops', text: 'deploying' })).resolves.toEqual({ room: 'ops', from: 'bob', text: 'deploying' });
    await expect.poll(() => heard.ann, acrossNodes).toEqual(['ops/bob: deploying']);

    // Then one to cid's room: it is the first cid hears, so the one to "ops" never reached it.
    await bob.socket.emitWithAck('join', 'dev');
    await bob.socket.emitWithAck('say', { room: 'dev', text: 'done' });
    await expect.poll(() => heard.cid, acrossNodes).toEqual(['dev/bob: done']);
    expect(heard.ann).toEqual(['ops/bob: deploying']);

    // Leaving the room leaves its presence, on the other node too.
    await expect(bob.socket.emitWithAck('leave', 'ops')).resolves.toEqual({ room: 'ops' });
    await expect.poll(() => seen(annInOps), acrossNodes).toEqual(['ann@a']);
  });

  it("answers GET /rooms/:room with the room's members on every node", async () => {
    const ann = await user(a, 'ann');
    const bob = await user(b, 'bob');
    await ann.socket.emitWithAck('join', 'ops');
    await bob.socket.emitWithAck('join', 'ops');

    for (const node of [a, b]) {
      const response = await fetch(`${await urlOf(node)}/rooms/ops`);
      expect(await response.json()).toEqual({ room: 'ops', members: ['ann', 'bob'] });
    }
  });

  it('refuses a handshake without a name, and speaking in a room one has not joined', async () => {
    await expect(connectComponent(a, lobby)).rejects.toMatchObject({ message: 'Connect with auth: { name }.', data: { code: 'name_required' } });

    const ann = await connectComponent<LobbyEvents>(a, lobby, { auth: { name: 'ann' } });
    await expect(nextEvent(ann, 'presence_state')).resolves.toEqual({
      room: null,
      presences: { ann: { metas: [{ node: 'a', rain_ref: expect.any(String) }] } },
    });
    await expect(emitWithAck(ann, 'say', { room: 'ops', text: 'hello?' })).resolves.toEqual({
      status: 'error',
      code: 'not_in_room',
      message: 'Join "ops" before you speak in it.',
      event: 'say',
    });
  });
});
