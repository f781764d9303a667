import type { INestApplication } from '@nestjs/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent, noEvent } from 'rain-sockets/testing';
import { board } from './fixtures/board.component.js';
import { startNode } from './fixtures/cluster-node.js';
import { deleteKeys, REDIS_URL, redisAvailable, testPrefix } from './fixtures/redis-env.js';

describe.skipIf(!redisAvailable)('three nodes on one Redis', () => {
  describe.each(['streams', 'pubsub'] as const)('with the %s adapter', (adapter) => {
    let nodes: INestApplication[] = [];
    const prefix = testPrefix();

    beforeAll(async () => {
      nodes = await Promise.all(
        ['a', 'b', 'c'].map((name) => startNode({ name, redisUrl: REDIS_URL, keyPrefix: prefix, cluster: { adapter } })),
      );
    });

    afterEach(() => closeComponentClients());

    afterAll(async () => {
      await Promise.all(nodes.map((node) => node.close()));
      await deleteKeys(prefix);
    });

    async function clientsOnEachNode() {
      return Promise.all(nodes.map((node) => connectComponent(node, board)));
    }

    it("delivers a room emit made on one node to the room's members on every node, and to no one else", async () => {
      const [onA, onB, onC] = await clientsOnEachNode();
      const outsiderOnB = await connectComponent(nodes[1]!, board);
      for (const member of [onA, onB, onC]) await emitWithAck(member!, 'join', 'lobby');

      await expect(emitWithAck(onA!, 'say', { room: 'lobby', text: 'hi all' })).resolves.toEqual({ node: 'a' });

      await expect(nextEvent(onB!, 'said')).resolves.toEqual({ text: 'hi all', from: 'a' });
      await expect(nextEvent(onC!, 'said')).resolves.toEqual({ text: 'hi all', from: 'a' });
      await noEvent(onA!, 'said'); // socket.to() leaves the sender out
      await noEvent(outsiderOnB, 'said');
    });

    it('delivers a namespace broadcast to the sockets of every node', async () => {
      const [onA, onB, onC] = await clientsOnEachNode();
      await emitWithAck(onC!, 'shout', 'everyone');
      await expect(nextEvent(onA!, 'shouted')).resolves.toEqual({ text: 'everyone', from: 'c' });
      await expect(nextEvent(onB!, 'shouted')).resolves.toEqual({ text: 'everyone', from: 'c' });
    });

    it("lists a room's members on every node, and forgets one that left", async () => {
      const [onA, onB, onC] = await clientsOnEachNode();
      const ids = await Promise.all([onA, onB, onC].map(async (client) => (await emitWithAck(client!, 'whoami')).id as string));
      for (const client of [onA, onB]) await emitWithAck(client!, 'join', 'team');

      await expect(emitWithAck(onC!, 'members', 'team')).resolves.toEqual([ids[0], ids[1]].sort());

      onB!.disconnect();
      await expect.poll(() => emitWithAck(onC!, 'members', 'team')).toEqual([ids[0]]);
    });
  });
});
