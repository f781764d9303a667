// Whether the bench may use Redis, and cleaning up after it.
import { createClient } from 'redis';

export async function redisReachable(url) {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    await client.quit().catch(() => {});
  }
}

/** Deletes every key this run wrote (they all start with `prefix`). */
export async function deleteKeys(url, prefix) {
  const client = createClient({ url });
  client.on('error', () => {});
  try {
    await client.connect();
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length) await client.del(keys);
    }
  } finally {
    await client.quit().catch(() => {});
  }
}
