import 'reflect-metadata';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RainSocketsModule, type RainSocketsOptions } from 'rain-sockets';
import { SESSION_SECRET, reportReady, serverEnv } from './harness.mjs';
import { BenchComponent } from './ours.fixtures.js';

// Our stack: a Nest app with RainSocketsModule and @ComponentSocket providers, configured
// as a user would: `session` for sessions, `cluster` for Redis. Sessions in Redis are the
// cluster's own store (one script per write), which a user gets by turning `cluster` on.

function sessionOption(): RainSocketsOptions['session'] {
  if (!serverEnv.session) return false;
  return { secret: SESSION_SECRET, resave: false, saveUninitialized: false };
}

async function start(options: RainSocketsOptions): Promise<INestApplication> {
  @Module({ imports: [RainSocketsModule.forRoot(options), BenchComponent] })
  class OursBenchModule {}
  const app = await NestFactory.create(OursBenchModule, { logger: ['error'], abortOnError: false });
  await app.listen(serverEnv.port, '127.0.0.1');
  return app;
}

// BENCH_OURS_OPTIONS: JSON merged into forRoot's options, to measure what an option costs.
const extra = JSON.parse(process.env.BENCH_OURS_OPTIONS || '{}') as RainSocketsOptions;
const onRedis = serverEnv.cluster || serverEnv.session === 'redis';
const cluster = onRedis ? { cluster: { redis: { url: serverEnv.redisUrl }, keyPrefix: `${serverEnv.redisKey}:` } } : {};
// The default budgets (50 events/s per connection) are for people; a closed-loop client sends
// faster. Raised rather than turned off, so that every event still pays for its charge.
const unlimited = { burst: 1e9, perSecond: 1e9 };
const rateLimit = { perConnection: unlimited, perUser: unlimited };
const app = await start({ session: sessionOption(), rateLimit, ...cluster, ...extra });

reportReady({
  port: app.getHttpServer().address().port,
  close: () => app.close(),
});
