import type { RainSocketsOptions } from 'rain-sockets';

/**
 * The demo's `cluster` option: on when started by `npm run start:cluster` (RAIN_DEMO_CLUSTER=1),
 * on the Redis at REDIS_URL; otherwise off, and the demo is one process.
 */
export function demoClusterOption(): RainSocketsOptions['cluster'] {
  if (process.env.RAIN_DEMO_CLUSTER !== '1') return undefined;
  return { redis: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, keyPrefix: 'rain-demo:' };
}
