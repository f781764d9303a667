import 'reflect-metadata';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RainSocketsModule, RainSocketsRegistry, type RainSocketsOptions } from '../../libs/rain-sockets/src/index.js';
import { FANOUT_NAMESPACE } from './contract.mjs';
import { SESSION_SECRET, reportReady, serverEnv } from './harness.mjs';
import { BenchComponent } from './ours.fixtures.js';
import { redisAdapter, redisSessionStore } from './redis-parts.mjs';

// Our stack: a Nest app with RainSocketsModule and @ComponentSocket providers, configured
// as a user would: `session` for sessions, `cluster` for Redis (or, while the cluster
// option has not landed, socket.io's Redis adapter through `socketIo.adapter`).

const closers: (() => Promise<unknown>)[] = [];

async function sessionOption(): Promise<RainSocketsOptions['session']> {
  if (!serverEnv.session) return false;
  const redis = serverEnv.session === 'redis' ? await redisSessionStore() : undefined;
  if (redis) closers.push(redis.close);
  return { secret: SESSION_SECRET, resave: false, saveUninitialized: false, store: redis?.store };
}

async function start(options: RainSocketsOptions): Promise<INestApplication> {
  @Module({ imports: [RainSocketsModule.forRoot(options), BenchComponent] })
  class OursBenchModule {}
  const app = await NestFactory.create(OursBenchModule, { logger: ['error'], abortOnError: false });
  await app.listen(serverEnv.port, '127.0.0.1');
  return app;
}

/** Whether the fan-out namespace publishes through Redis rather than in memory. */
function clustered(app: INestApplication): boolean {
  const adapter = app.get(RainSocketsRegistry).io.of(FANOUT_NAMESPACE).adapter as object;
  return /redis/i.test(adapter.constructor.name);
}

// BENCH_OURS_OPTIONS: JSON merged into forRoot's options, to measure what an option costs.
const extra = JSON.parse(process.env.BENCH_OURS_OPTIONS || '{}') as RainSocketsOptions;
const base: RainSocketsOptions = { session: await sessionOption(), ...extra };
let app: INestApplication;
let clusterVia = '';
if (serverEnv.cluster) {
  const cluster = { redis: { url: serverEnv.redisUrl } };
  app = await start({ ...base, cluster } as RainSocketsOptions).catch(() => undefined as never);
  clusterVia = 'cluster option';
  if (!app || !clustered(app)) {
    await app?.close();
    const redis = await redisAdapter();
    closers.push(redis.close);
    app = await start({ ...base, socketIo: { adapter: redis.adapter } });
    clusterVia = 'socketIo.adapter';
  }
} else {
  app = await start(base);
}

reportReady({
  port: app.getHttpServer().address().port,
  info: { clusterVia },
  close: async () => {
    await app.close();
    await Promise.allSettled(closers.map((close) => close()));
  },
});
