import type { INestApplication } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RainIdleService } from 'rain-sockets';
import { closeApps, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { OBSERVED_NAMESPACE, observed } from './fixtures/observed.component.js';
import { startObservedApp } from './fixtures/telemetry-app.js';

/** GET the route and read one sample's value from the Prometheus text (0 when absent). */
async function scrape(app: INestApplication, path = '/metrics'): Promise<(metric: string, labels?: Record<string, string>) => number> {
  const response = await fetch(`${(await app.getUrl()).replace('[::1]', '127.0.0.1')}${path}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  const lines = text.split('\n').filter((line) => line && !line.startsWith('#'));
  return (metric, labels = {}) => {
    let sum = 0;
    for (const line of lines) {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/.exec(line);
      if (!match || match[1] !== metric) continue;
      const has = Object.entries(labels).every(([key, value]) => (match[2] ?? '').includes(`${key}="${value}"`));
      if (has) sum += Number(match[3]);
    }
    return sum;
  };
}

const ns = { messaging_destination_name: OBSERVED_NAMESPACE };

describe('telemetry: the Prometheus route', () => {
  afterEach(async () => {
    await closeApps();
    vi.useRealTimers();
  });

  it('serves /metrics whose counters move as sockets connect, emit and get evicted', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const app = await startObservedApp({
      telemetry: { prometheus: true },
      idle: { maxConnections: 2, idleTimeout: 1_000, checkInterval: 60_000 },
    });
    let read = await scrape(app);
    expect(read('rain_sockets_connections_active', ns)).toBe(0);
    expect(read('messaging_client_consumed_messages_total', ns)).toBe(0);

    const a = await connectComponent(app, observed);
    const b = await connectComponent(app, observed);
    await emitWithAck(a, 'ping');
    await emitWithAck(a, 'fail');
    read = await scrape(app);
    expect(read('rain_sockets_connections_active', ns)).toBe(2);
    expect(read('rain_sockets_connections_opened_total', ns)).toBe(2);
    expect(read('messaging_client_consumed_messages_total', { ...ns, messaging_operation_name: 'ping' })).toBe(1);
    expect(read('messaging_client_consumed_messages_total', { ...ns, error_type: 'not_today' })).toBe(1);
    expect(read('messaging_process_duration_count', { ...ns, messaging_operation_name: 'ping' })).toBe(1);
    expect(read('rain_sockets_ack_latency_count', ns)).toBe(2);

    const idle = app.get(RainIdleService);
    await idle.sweep(); // a clock reading after the events
    vi.setSystemTime(Date.now() + 1_500);
    await emitWithAck(b, 'ping');
    await expect(idle.sweep()).resolves.toBe(1);
    // The evicted socket goes once its client confirms, or after the grace (2 s) for a plain socket.io client.
    await vi.waitFor(async () => expect((await scrape(app))('rain_sockets_connections_active', ns)).toBe(1), { timeout: 5_000 });
    read = await scrape(app);
    expect(read('rain_sockets_evictions_total', ns)).toBe(1);
    expect(read('messaging_client_consumed_messages_total', { ...ns, messaging_operation_name: 'ping' })).toBe(2);
    expect(read('rain_sockets_connections_closed_total', { ...ns, rain_disconnect_reason: 'server namespace disconnect' })).toBe(1);
  });

  it('serves it at the path given, and not at all without the option', async () => {
    const app = await startObservedApp({ telemetry: { prometheus: { path: '/ops/metrics' }, traces: false } });
    const read = await scrape(app, '/ops/metrics');
    expect(read('rain_sockets_connections_active', ns)).toBe(0);
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    const plain = await startObservedApp({});
    expect((await fetch(`${(await plain.getUrl()).replace('[::1]', '127.0.0.1')}/metrics`)).status).toBe(404);
  });
});
