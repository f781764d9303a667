import type { INestApplication } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RainRoomsModule, RainRoomsService } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { startNode } from './fixtures/cluster-node.js';
import { deleteKeys, REDIS_URL, redisAvailable, testPrefix } from './fixtures/redis-env.js';

const rooms = { id: 'rooms', version: '1.0.0', channel: 'rooms' };

describe.skipIf(!redisAvailable)('RainRoomsModule on the cluster option (streams adapter)', () => {
  let nodes: INestApplication[] = [];
  const prefix = testPrefix();

  beforeAll(async () => {
    nodes = await Promise.all(
      ['a', 'b'].map((name) =>
        startNode({ name, redisUrl: REDIS_URL, keyPrefix: prefix, imports: [RainRoomsModule.forRoot({ defaultRoom: 'lobby', announce: false })] }),
      ),
    );
  });

  afterEach(() => closeComponentClients());

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.close()));
    await deleteKeys(prefix);
  });

  it('shows the members of every node in roomView, says across nodes, and drops a member that left', async () => {
    const alice = await connectComponent(nodes[0]!, rooms);
    const bob = await connectComponent(nodes[1]!, rooms);
    await Promise.all([nextEvent(alice, 'welcome'), nextEvent(bob, 'welcome')]);

    const view = await emitWithAck(alice, 'roomView');
    expect(view.members.map((member: { id: string }) => member.id).sort()).toEqual([alice.id, bob.id].sort());

    const bobHears = nextEvent(bob, 'say');
    await emitWithAck(alice, 'say', 'hello from node a');
    await expect(bobHears).resolves.toMatchObject({ room: 'lobby', from: alice.id, message: 'hello from node a' });

    bob.disconnect();
    await expect.poll(async () => (await nodes[0]!.get(RainRoomsService).members('lobby')).map((member) => member.id)).toEqual([alice.id]);
  });
});
