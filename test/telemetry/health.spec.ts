import { Controller, Get, type INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RainSocketsHealthIndicator, type RainSocketsOptions } from 'rain-sockets';
import { closeApps, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { OwnRedis, redisServerInstalled } from '../cluster/fixtures/own-redis.js';
import { observed, releaseHeld } from './fixtures/observed.component.js';
import { startObservedApp } from './fixtures/telemetry-app.js';

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly sockets: RainSocketsHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  live() {
    return this.health.check([() => this.sockets.isHealthy('sockets')]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.sockets.isReady('sockets')]);
  }
}

const start = (options: RainSocketsOptions = {}) =>
  startObservedApp({ rateLimit: false, ...options }, { imports: [TerminusModule.forRoot({ logger: false })], controllers: [HealthController] });

async function get(app: INestApplication | string, path: string): Promise<{ status: number; body: any }> {
  const url = typeof app === 'string' ? app : await app.getUrl();
  const response = await fetch(`${url.replace('[::1]', '127.0.0.1')}${path}`);
  return { status: response.status, body: await response.json() };
}

describe('health: RainSocketsHealthIndicator for @nestjs/terminus', () => {
  afterEach(() => closeApps());

  it('is up and ready while the node serves, with its connections', async () => {
    const app = await start();
    await connectComponent(app, observed);
    const expected = { status: 'up', accepting: true, draining: false, connections: 1 };
    await expect(get(app, '/health')).resolves.toEqual({ status: 200, body: { status: 'ok', info: { sockets: expected }, error: {}, details: { sockets: expected } } });
    await expect(get(app, '/health/ready')).resolves.toMatchObject({ status: 200, body: { status: 'ok', info: { sockets: expected } } });
  });

  it('turns readiness down as soon as the node drains, while liveness stays up', async () => {
    const app = await start({ shutdownTimeout: 10_000 });
    const socket = await connectComponent(app, observed);
    const answer = emitWithAck(socket, 'hold', undefined, 10_000);
    await emitWithAck(socket, 'ping'); // answered after `hold` began: that handler is running now
    const url = await app.getUrl();
    // The shutdown waits for the running handler, and the HTTP server still answers meanwhile.
    const closing = app.close();
    try {
      const ready = await get(url, '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.sockets).toMatchObject({
        status: 'down',
        accepting: false,
        draining: true,
        message: 'This node is shutting down: it admits no new connections.',
      });
      // Liveness stays up (terminus itself answers every check 503 `shutting_down` meanwhile).
      await expect(app.get(RainSocketsHealthIndicator).isHealthy('sockets')).resolves.toEqual({
        sockets: { status: 'up', accepting: false, draining: true, connections: 1, message: 'This node is shutting down: it admits no new connections.' },
      });
    } finally {
      releaseHeld();
    }
    await expect(answer).resolves.toEqual({ released: true });
    await closing;
  });
});

const haveRedisServer = redisServerInstalled();
if (!haveRedisServer) {
  if (process.env.RAIN_REQUIRE_REDIS === '1') throw new Error('redis-server is not installed (apt-get install redis-server); RAIN_REQUIRE_REDIS=1 needs it.');
  process.stderr.write('\n*** health across Redis skipped: redis-server is not installed (apt-get install redis-server).\n\n');
}

describe.skipIf(!haveRedisServer)('health: Redis reachable and the adapter working', () => {
  let redis: OwnRedis;

  beforeAll(async () => {
    redis = await OwnRedis.start();
  });

  afterAll(async () => {
    await redis?.kill();
  });

  afterEach(() => closeApps());

  it('says up with both connections answering, and down (with why) once Redis is gone', async () => {
    const app = await start({
      cluster: { redis: { url: redis.url }, keyPrefix: `health-${process.pid}:`, commandTimeout: 300 },
      session: { secret: 'health' },
    });
    const healthy = await get(app, '/health');
    expect(healthy.status).toBe(200);
    expect(healthy.body.info.sockets).toMatchObject({ status: 'up', redis: 'up', adapter: 'up', redisLatencyMs: expect.any(Number), adapterLagMs: expect.any(Number) });

    await redis.kill();
    const sick = await get(app, '/health');
    expect(sick.status).toBe(503);
    expect(sick.body.error.sockets).toMatchObject({ status: 'down', redis: 'down', adapter: 'down' });
    expect(sick.body.error.sockets.message).toMatch(/^records connection: [\s\S]+; sessions connection: [\s\S]+; adapter connection: /);
    await expect(get(app, '/health/ready')).resolves.toMatchObject({ status: 503 });
    await redis.restart();
  });
});
