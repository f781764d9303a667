import { Adapter } from 'socket.io-adapter';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClusterRedis } from './cluster-redis.js';
import { RecoveryRecords } from './recovery-records.js';
import { WRITTEN } from './stream-delivery.js';
import { type RecoverableAdapter, StreamRecovery } from './stream-recovery.js';

const OPTS = { rooms: ['news'], except: [] as string[] };

/** What Redis says while it answers: the stream ends at 1-0. */
const redis = { ready: true, main: { xRevRange: async () => [{ id: '1-0' }] } } as unknown as ClusterRedis;

/**
 * A stream adapter as StreamRecovery sees it. `written`: whether Redis takes a publish in time
 * (StreamDelivery marks the message then). Foreign broadcasts are delivered as socket.io's
 * ClusterAdapter does: the offset added, then the in-memory broadcast.
 */
function streamAdapter(written: boolean) {
  const adapter = {
    uid: 'this-node',
    nsp: { name: '/chat/1.0.0/chat', sockets: new Map() },
    addAll() {},
    del() {},
    persistSession() {},
    restoreSession: () => Promise.reject(new Error('nothing to restore')),
    publishAndReturnOffset(message: { uid?: string; data: { rainId?: string }; [WRITTEN]?: string }) {
      message.uid = 'this-node';
      message.data.rainId = 'this-node:1';
      if (written) message[WRITTEN] = '3-0';
      return Promise.resolve(written ? '3-0' : '');
    },
    addOffsetIfNecessary(packet: { data: unknown[] }, _opts: unknown, offset: string) {
      packet.data.push(offset);
    },
    onMessage(message: { data: { packet: { data: unknown[] }; opts: typeof OPTS } }, offset: string) {
      adapter.addOffsetIfNecessary(message.data.packet, undefined, offset);
      Adapter.prototype.broadcast.call(adapter as never, message.data.packet as never, undefined as never);
    },
    broadcast() {},
  };
  return adapter;
}

const readBack = (text: string, uid: string) => ({
  type: 3,
  uid,
  data: { packet: { type: 2, data: ['said', text] }, opts: OPTS, rainId: `${uid}:1` },
});

describe('StreamRecovery: every node delivers in stream order', () => {
  let recovery: StreamRecovery | undefined;

  afterEach(() => {
    recovery?.stop();
    vi.restoreAllMocks();
  });

  async function hooked(written: boolean) {
    const delivered: string[] = [];
    vi.spyOn(Adapter.prototype, 'broadcast').mockImplementation((packet) => void delivered.push((packet.data as unknown[]).join(' ')));
    recovery = new StreamRecovery(redis, new RecoveryRecords(redis, 'sio:session:', 60_000, 1_000), 'stream', 1_000, 60_000);
    await recovery.start();
    const adapter = streamAdapter(written);
    recovery.hook(adapter as unknown as RecoverableAdapter);
    return { adapter: adapter as unknown as RecoverableAdapter, delivered };
  }

  it('delivers its own broadcast when it reads it back, after what others wrote before it', async () => {
    const { adapter, delivered } = await hooked(true);
    adapter.broadcast({ type: 2, data: ['said', 'mine'] }, { rooms: new Set(['news']), except: new Set() });
    await new Promise((resolve) => setImmediate(resolve));
    expect(delivered).toEqual([]);

    adapter.onMessage(readBack('theirs', 'other-node') as never, '2-0');
    adapter.onMessage(readBack('mine', 'this-node') as never, '3-0');
    expect(delivered).toEqual(['said theirs 2-0', 'said mine 3-0']);
  });

  it('delivers at once what Redis did not take in time, and not again when it is read back later', async () => {
    const { adapter, delivered } = await hooked(false);
    adapter.broadcast({ type: 2, data: ['said', 'mine'] }, { rooms: new Set(['news']), except: new Set() });
    await new Promise((resolve) => setImmediate(resolve));
    // With the reader's position as offset: the client has everything up to it.
    expect(delivered).toEqual(['said mine 1-0']);

    adapter.onMessage(readBack('mine', 'this-node') as never, '3-0');
    expect(delivered).toEqual(['said mine 1-0']);
  });
});
