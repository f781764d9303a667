// What cluster-wide rate limits cost per event: the rate-limit extension's check of each event,
// on one node (token buckets in memory) and with `cluster` (the same, plus the per-user budget
// shared through Redis: decided from what the node knows, reported in batches).
// It measures the package's internals (not its public API), so it lives in the package and
// reads its own build. Run after `npm run build:packages`, with a Redis at REDIS_URL (default
// redis://127.0.0.1:6379):
//   node libs/rain-sockets/scripts/limits-cost.mjs
// Each round handles EVENTS events from USERS users, BATCH events per event-loop turn, and waits
// until Redis has answered every report: the µs per event include that work on the node.
import { randomUUID } from 'node:crypto';
import { RateLimitExtension } from '../dist/security/rate-limit.extension.js';
import { ClusterRedis } from '../dist/cluster/cluster-redis.js';
import { resolveClusterSettings } from '../dist/cluster/cluster-settings.js';
import { ClusterUserRateLimit } from '../dist/cluster/cluster-user-rate-limit.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const USERS = 1_000;
// Each user stays within the default per-user budget (200 events per 2 s window): every event is let through.
const EVENTS = USERS * 150;
const BATCH = 50;
const ROUNDS = 7;
const PER_USER = { burst: 200, perSecond: 100 };
const options = { rateLimit: { perConnection: { burst: 1e9, perSecond: 1e9 }, perUser: PER_USER } };

class FakeSocket {
  constructor(user) {
    this.request = { session: { id: user } };
    this.handshake = { address: '127.0.0.1' };
  }
  disconnect() {}
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

async function round(extension, settle) {
  extension.serverCreated();
  const sockets = Array.from({ length: USERS }, (_, i) => new FakeSocket(`user-${randomUUID()}-${i}`));
  for (const socket of sockets) extension.connected(socket);
  const started = process.hrtime.bigint();
  for (let done = 0; done < EVENTS; ) {
    for (let i = 0; i < BATCH; i++, done++) extension.incoming(sockets[done % USERS], 'message');
    await turn();
  }
  await settle();
  const us = Number(process.hrtime.bigint() - started) / 1e3 / EVENTS;
  extension.serverClosing();
  return us;
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${sorted[sorted.length >> 1].toFixed(2)} µs/event (range ${sorted[0].toFixed(2)}–${sorted.at(-1).toFixed(2)}, ${values.length} rounds)`;
};

const settings = resolveClusterSettings({ cluster: { redis: { url: REDIS_URL }, keyPrefix: `rain-bench:${randomUUID().slice(0, 8)}:` } });
const redis = new ClusterRedis(settings, await import('redis'));
await redis.connect();

// Counts the requests in flight (and how many), so that a round ends when Redis has answered them all.
let inFlight = 0;
let requests = 0;
const consume = (limit) => {
  const store = limit.store.bind(limit);
  limit.store = () => {
    const limiter = store();
    if (!limiter.counted) {
      const original = limiter.consume.bind(limiter);
      limiter.consume = (...args) => {
        inFlight++;
        requests++;
        return original(...args).finally(() => inFlight--);
      };
      limiter.counted = true;
    }
    return limiter;
  };
  return limit;
};
const drained = async () => {
  do await turn();
  while (inFlight > 0);
};

const local = [];
const cluster = [];
for (let r = 0; r < ROUNDS; r++) {
  local.push(await round(new RateLimitExtension(options), turn));
  const shared = consume(new ClusterUserRateLimit(PER_USER, settings, redis));
  cluster.push(await round(new RateLimitExtension(options, shared), drained));
}
console.log(`rate limits, one node:            ${stats(local)}`);
console.log(`rate limits, cluster-wide (Redis): ${stats(cluster)}`);
console.log(`(${EVENTS} events of ${USERS} users, ${BATCH} per event-loop turn; ${(requests / ROUNDS).toFixed(0)} Redis requests per round; Redis at ${REDIS_URL})`);

// Clean up what the rounds left in Redis.
for await (const keys of redis.store.scanIterator({ MATCH: `${settings.keyPrefix}*`, COUNT: 500 })) if (keys.length) await redis.store.del(keys);
await redis.close();
