import type { Store } from 'express-session';
import { redisTimeoutMessage } from './cluster.messages.js';
import { withDeadline } from './deadline.js';
import type { RedisClient } from './guarded-client.js';
import type { ConnectRedisModule } from './redis-peers.js';

type Command = 'get' | 'set' | 'expire' | 'del' | 'mGet';
const COMMANDS: Command[] = ['get', 'set', 'expire', 'del', 'mGet'];

/**
 * connect-redis on the node's `store` connection. That connection fails at once while
 * Redis is away; this bounds the other case, a Redis that takes the command and does not
 * answer, so that a session load or save fails within `timeoutMs` instead of hanging.
 */
export function redisSessionStore(
  { RedisStore }: ConnectRedisModule,
  client: RedisClient,
  prefix: string,
  timeoutMs: number,
): Store {
  const bounded: Record<string, unknown> = {
    scanIterator: (options: { MATCH: string; COUNT: number }) => client.scanIterator(options),
  };
  for (const command of COMMANDS) {
    const run = (client[command] as (...args: unknown[]) => Promise<unknown>).bind(client);
    bounded[command] = (...args: unknown[]) => withDeadline(run(...args), timeoutMs, () => new Error(redisTimeoutMessage(command.toUpperCase(), timeoutMs)));
  }
  return new RedisStore({ client: bounded, prefix });
}

