// Every text of rain-sockets/testing a user can read.

export const sessionsOffMessage = () =>
  'connectComponent({ session }) / sessionCookie(): the app has no sessions; pass `session` to RainSocketsModule.forRoot().';

export const noSessionCookieMessage = () =>
  'sessionCookie(): the session middleware set no cookie (a cookie.path that does not cover "/"?).';

export const redisMissingMessage = (url: string, reason: string) =>
  `No Redis answers at ${url} (${reason}): the tests that need Redis are SKIPPED. ` +
  'Start one (redis-server) or set REDIS_URL; set RAIN_REQUIRE_REDIS=1 to fail instead of skipping.';

export const redisPackageMissingMessage = () => 'the "redis" package is not installed: npm install --save-dev redis';

export const redisRequiredMessage = (url: string, reason: string) =>
  `RAIN_REQUIRE_REDIS is set and no Redis answers at ${url} (${reason}).`;

export const nodeExitedMessage = (entry: string, code: number | null, signal: string | null, stderr: string) =>
  `The node ${entry} exited before it listened (code ${code}, signal ${signal}). The end of its stderr:\n${stderr.trim()}`;

export const nodeEntryMessage = (entry: string) =>
  `The node ${entry} must export by default a function that returns the app (an INestApplication, not listening yet).`;

export const nodeStartTimeoutMessage = (entry: string, ms: number) => `The node ${entry} did not listen within ${ms} ms.`;

export const swcMissingMessage = () =>
  'spawnNode(): a TypeScript entry needs @swc/core to compile it (npm install --save-dev @swc/core), ' +
  'or give spawnNode the built .js entry, or your own loader with { execArgv: ["--import=tsx"] }.';
