import { redisMissingMessage, redisPackageMissingMessage, redisRequiredMessage } from './testing.messages.js';

/** `REDIS_URL`, or the local default. */
export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let answer: Promise<string | undefined> | undefined;

/**
 * The URL of the Redis the tests run against when one answers a PING; otherwise
 * undefined, after one loud line on stderr, so that `describe.skipIf(!(await testRedis()))`
 * skips visibly. With `RAIN_REQUIRE_REDIS=1` (CI) a missing Redis throws instead.
 */
export function testRedis(): Promise<string | undefined> {
  answer ??= ping(TEST_REDIS_URL).then(
    () => TEST_REDIS_URL,
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      if (process.env.RAIN_REQUIRE_REDIS === '1') throw new Error(redisRequiredMessage(TEST_REDIS_URL, reason));
      process.stderr.write(`\n*** ${redisMissingMessage(TEST_REDIS_URL, reason)}\n\n`);
      return undefined;
    },
  );
  return answer;
}

async function ping(url: string): Promise<void> {
  const { createClient } = await import('redis').catch(() => {
    throw new Error(redisPackageMissingMessage());
  });
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } finally {
    if (client.isOpen) await client.quit();
  }
}
