import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPLAY_WINDOW } from './cluster.constants.js';
import type { ClusterRedis } from './cluster-redis.js';
import { type StreamAdapter, StreamDelivery } from './stream-delivery.js';

const BROADCAST = 3;
const HEARTBEAT = 2;

/** A Redis connection the test switches between answering and away. */
function fakeRedis() {
  const listeners = { lost: [] as (() => void)[], back: [] as (() => void)[] };
  const redis = {
    ready: true,
    stopping: false,
    // Redis refusing a command: none here, only lost connections.
    isReply: () => false,
    onLost: (listener: () => void) => listeners.lost.push(listener),
    onBack: (listener: () => void) => listeners.back.push(listener),
    lose() {
      redis.ready = false;
      for (const listener of listeners.lost) listener();
    },
    comeBack() {
      redis.ready = true;
      for (const listener of listeners.back) listener();
    },
  };
  return redis;
}

/** A stream adapter whose writes the test answers, and which records what it delivers. */
function fakeAdapter(write: (message: any) => Promise<string>) {
  const delivered: any[] = [];
  const adapter: StreamAdapter = {
    doPublish: vi.fn(write),
    onMessage: (message) => delivered.push(message),
  };
  return { adapter, delivered, writes: adapter.doPublish as ReturnType<typeof vi.fn> };
}

const broadcast = (text: string) => ({ type: BROADCAST, data: { packet: { data: ['said', text] } } as Record<string, unknown> });

describe('StreamDelivery', () => {
  afterEach(() => vi.useRealTimers());

  it('answers the adapter at once while Redis is away, and the write still goes to Redis', async () => {
    const redis = fakeRedis();
    let written!: (offset: string) => void;
    const { adapter, writes } = fakeAdapter(() => new Promise((resolve) => (written = resolve)));
    new StreamDelivery(redis as unknown as ClusterRedis, 1_000).hook(adapter);

    redis.lose();
    await expect(adapter.doPublish(broadcast('now'))).resolves.toBe('');
    expect(writes).toHaveBeenCalledTimes(1);
    written('5-0'); // Redis back: the queued write is answered
  });

  it('writes a message again when a dropped connection cut its write, with the same id', async () => {
    const redis = fakeRedis();
    const answers = [() => Promise.reject(new Error('Socket closed unexpectedly')), () => Promise.resolve('7-0')];
    const { adapter, writes } = fakeAdapter(() => answers.shift()!());
    new StreamDelivery(redis as unknown as ClusterRedis, 1_000).hook(adapter);

    await expect(adapter.doPublish(broadcast('cut'))).resolves.toBe('7-0');
    expect(writes).toHaveBeenCalledTimes(2);
    expect(writes.mock.calls[0]![0].data.rainId).toBe(writes.mock.calls[1]![0].data.rainId);
  });

  it('writes again what Redis took just before it was lost, and a node delivers each message once', async () => {
    const redis = fakeRedis();
    const { adapter, writes, delivered } = fakeAdapter(async () => '1-0');
    new StreamDelivery(redis as unknown as ClusterRedis, 1_000).hook(adapter);
    const message = broadcast('just before');
    await adapter.doPublish(message);

    redis.lose();
    redis.comeBack();
    await vi.waitFor(() => expect(writes).toHaveBeenCalledTimes(2));
    expect(writes.mock.calls[1]![0]).toBe(message);

    // Another node reads both copies (as decoded copies of the message).
    adapter.onMessage(structuredClone(message));
    adapter.onMessage(structuredClone(message));
    expect(delivered).toHaveLength(1);
  });

  it('does not write again what Redis took long before it was lost', async () => {
    vi.useFakeTimers();
    const redis = fakeRedis();
    const { adapter, writes } = fakeAdapter(async () => '1-0');
    new StreamDelivery(redis as unknown as ClusterRedis, 1_000).hook(adapter);
    await adapter.doPublish(broadcast('long ago'));

    vi.advanceTimersByTime(REPLAY_WINDOW + 1);
    redis.lose();
    redis.comeBack();
    await Promise.resolve();
    expect(writes).toHaveBeenCalledTimes(1);
  });

  it('lets local delivery go on after commandTimeout when Redis takes the write and does not answer', async () => {
    vi.useFakeTimers();
    const redis = fakeRedis();
    const { adapter } = fakeAdapter(() => new Promise(() => {}));
    new StreamDelivery(redis as unknown as ClusterRedis, 300).hook(adapter);

    let answered = false;
    void adapter.doPublish(broadcast('hung')).then(() => (answered = true));
    await vi.advanceTimersByTimeAsync(299);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(answered).toBe(true);
  });

  it('leaves heartbeats and broadcasts with an ack as they are', async () => {
    const redis = fakeRedis();
    const { adapter, writes } = fakeAdapter(() => Promise.reject(new Error('down')));
    new StreamDelivery(redis as unknown as ClusterRedis, 1_000).hook(adapter);

    await expect(adapter.doPublish({ type: HEARTBEAT })).rejects.toThrow('down');
    await expect(adapter.doPublish({ type: BROADCAST, data: { requestId: 'r1' } })).rejects.toThrow('down');
    expect(writes).toHaveBeenCalledTimes(2);
    expect(writes.mock.calls.every(([message]) => message.data?.rainId === undefined)).toBe(true);
  });
});
