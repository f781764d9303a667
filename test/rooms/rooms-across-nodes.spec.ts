import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RainRoomsModule, RainRoomsService, RainSocketsRegistry } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { RedComponent } from './fixtures/room-play.component.js';
import { type Cluster, redisAvailable, startCluster } from './support/redis-nodes.js';

const rooms = { id: 'rooms', version: '1.0.0', channel: 'rooms' };
const red = { id: 'red', version: '1.0.0', channel: 'play' };

describe.skipIf(!redisAvailable)('rooms across two nodes on the Redis adapter', () => {
  let cluster: Cluster;

  beforeAll(async () => {
    cluster = await startCluster(2, [RedComponent, RainRoomsModule.forRoot({ defaultRoom: 'lobby', announce: false })]);
  });

  afterAll(async () => {
    closeComponentClients();
    await cluster?.close();
  });

  it('lists the rooms and members of every node from either node', async () => {
    const [nodeA, nodeB] = cluster.nodes;
    const a = await connectComponent(nodeA, red);
    const b = await connectComponent(nodeB, red);
    await emitWithAck(a, 'join', 'lobby');
    await emitWithAck(b, 'join', 'lobby');

    for (const node of cluster.nodes) {
      const server = node.get(RainSocketsRegistry).server('red', '1.0.0', 'play');
      const listed = await server.rooms();
      expect([...listed.keys()]).toEqual(['lobby']);
      expect([...listed.get('lobby')!].sort()).toEqual([a.id, b.id].sort());
    }

    const heard = nextEvent(b, 'headline');
    nodeA.get(RainSocketsRegistry).server('red', '1.0.0', 'play').to('lobby').emit('headline', { text: 'from node A' });
    await expect(heard).resolves.toEqual({ text: 'from node A' });

    b.disconnect();
    const server = nodeA.get(RainSocketsRegistry).server('red', '1.0.0', 'play');
    await expect.poll(() => server.members('lobby')).toEqual([a.id]);
  });

  it('keeps roomView, say and room changes right across nodes', async () => {
    const [nodeA, nodeB] = cluster.nodes;
    const alice = await connectComponent(nodeA, rooms);
    const bob = await connectComponent(nodeB, rooms);
    await Promise.all([nextEvent(alice, 'welcome'), nextEvent(bob, 'welcome')]);

    const view = await emitWithAck(alice, 'roomView');
    expect(view.members.map((m: { id: string }) => m.id).sort()).toEqual([alice.id, bob.id].sort());

    const bobHears = nextEvent(bob, 'say');
    await emitWithAck(alice, 'say', 'hello from node A');
    await expect(bobHears).resolves.toMatchObject({ room: 'lobby', from: alice.id, message: 'hello from node A' });

    await emitWithAck(bob, 'roomChange', 'games');
    await expect(emitWithAck(alice, 'roomView')).resolves.toMatchObject({ membersCount: 1, members: [{ id: alice.id }] });
    await emitWithAck(alice, 'listenToRoom', 'games');
    await expect(emitWithAck(alice, 'roomView', 'games')).resolves.toMatchObject({
      membersCount: 2,
      members: expect.arrayContaining([
        expect.objectContaining({ id: bob.id, listening: false }),
        expect.objectContaining({ id: alice.id, listening: true }),
      ]),
    });

    const listed = await nodeB.get(RainRoomsService).rooms();
    expect(listed.get('games')!.map((m) => m.id).sort()).toEqual([alice.id, bob.id].sort());

    bob.disconnect();
    await expect.poll(async () => (await nodeA.get(RainRoomsService).members('games')).map((m) => m.id)).toEqual([alice.id]);
  });
});
