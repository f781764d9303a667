// The Redis pieces the bench servers share: a session store and socket.io's Redis adapter,
// both under this run's key prefix.
import { createAdapter } from '@socket.io/redis-adapter';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { serverEnv } from './harness.mjs';

export async function redisSessionStore() {
  const client = createClient({ url: serverEnv.redisUrl });
  await client.connect();
  return { store: new RedisStore({ client, prefix: `${serverEnv.redisKey}:sess:` }), close: () => client.quit() };
}

/** socket.io's pub/sub Redis adapter, as a user of raw socket.io would wire it by hand. */
export async function redisAdapter() {
  const pub = createClient({ url: serverEnv.redisUrl });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    adapter: createAdapter(pub, sub, { key: `${serverEnv.redisKey}#` }),
    close: () => Promise.allSettled([pub.quit(), sub.quit()]),
  };
}
