// The Redis pieces of the raw socket.io server (and our session store), under this run's key prefix.
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { serverEnv } from './harness.mjs';

export async function redisSessionStore() {
  const client = createClient({ url: serverEnv.redisUrl });
  await client.connect();
  return { store: new RedisStore({ client, prefix: `${serverEnv.redisKey}:sess:` }), close: () => client.quit() };
}

/**
 * What our `cluster` option sets up by default, wired by hand as a user of raw socket.io would:
 * socket.io's Redis streams adapter and connection state recovery.
 */
export async function redisCluster() {
  const client = createClient({ url: serverEnv.redisUrl });
  await client.connect();
  const channel = `${serverEnv.redisKey}:socket.io`;
  return {
    options: {
      adapter: createAdapter(client, { streamName: channel, channelPrefix: channel, sessionKeyPrefix: `${serverEnv.redisKey}:sio:session:` }),
      connectionStateRecovery: { maxDisconnectionDuration: 120_000, skipMiddlewares: false },
    },
    close: () => client.quit(),
  };
}
