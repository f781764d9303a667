import { type INestApplication, Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RainIdleService } from 'rain-sockets';
import { closeApps, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { TestMeters } from './fixtures/metric-reader.js';
import { OBSERVED_NAMESPACE, observed } from './fixtures/observed.component.js';
import { startObservedApp } from './fixtures/telemetry-app.js';

const ns = { 'messaging.destination.name': OBSERVED_NAMESPACE };

describe('telemetry: OpenTelemetry metrics', () => {
  let meters: TestMeters;
  let app: INestApplication;

  beforeEach(() => {
    meters = new TestMeters();
  });

  afterEach(async () => {
    await closeApps();
    await meters.shutdown();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const start = (options: Parameters<typeof startObservedApp>[0] = {}) =>
    startObservedApp({ telemetry: { meterProvider: meters.provider, traces: false }, ...options });

  it('counts connections, and events by namespace, event and outcome, with their durations and ack latencies', async () => {
    app = await start();
    const a = await connectComponent(app, observed);
    const b = await connectComponent(app, observed);
    await expect(emitWithAck(a, 'ping')).resolves.toEqual({ pong: true });
    await emitWithAck(a, 'ping');
    await expect(emitWithAck(a, 'fail')).resolves.toMatchObject({ status: 'error', code: 'not_today' });
    await expect(emitWithAck(a, 'no-such-event', 1)).resolves.toMatchObject({ code: 'unknown_event' });
    b.emit('ping'); // no ack: an event, not an ack latency
    await emitWithAck(b, 'ping');

    expect(await meters.value('rain_sockets.connections.active', ns)).toBe(2);
    const [active] = await meters.points('rain_sockets.connections.active', ns);
    expect(active!.attributes).toMatchObject({ 'rain.component.id': 'observed', 'rain.component.version': '2.1.0', 'rain.node': expect.any(String) });
    expect(await meters.value('rain_sockets.connections.opened', ns)).toBe(2);

    const ping = { ...ns, 'messaging.system': 'socket.io', 'messaging.operation.name': 'ping' };
    expect(await meters.points('messaging.client.consumed.messages', ping)).toHaveLength(1); // no error.type: all handled
    expect(await meters.value('messaging.client.consumed.messages', ping)).toBe(4);
    expect(await meters.value('messaging.client.consumed.messages', { ...ns, 'messaging.operation.name': 'fail', 'error.type': 'not_today' })).toBe(1);
    // A name no handler declares is counted under one label, so clients cannot grow the label set.
    expect(await meters.value('messaging.client.consumed.messages', { ...ns, 'messaging.operation.name': '_other', 'error.type': 'unknown_event' })).toBe(1);
    expect(await meters.points('messaging.client.consumed.messages', { 'messaging.operation.name': 'no-such-event' })).toEqual([]);

    expect(await meters.count('messaging.process.duration', ping)).toBe(4);
    expect(await meters.count('rain_sockets.ack.latency', ping)).toBe(3);
    expect(await meters.count('messaging.process.duration', { ...ns, 'error.type': 'not_today' })).toBe(1);

    b.disconnect();
    await vi.waitFor(async () => expect(await meters.value('rain_sockets.connections.active', ns)).toBe(1));
    expect(await meters.value('rain_sockets.connections.closed', { ...ns, 'rain.disconnect.reason': 'client namespace disconnect' })).toBe(1);
    expect(await meters.count('rain_sockets.connection.duration', { ...ns, 'rain.disconnect.reason': 'client namespace disconnect' })).toBe(1);
  });

  it("warns, naming the fix, when the app's reader collects the counters but was not given the histograms' producer", async () => {
    await meters.shutdown();
    meters = new TestMeters({ producer: false });
    const warn = vi.spyOn(Logger.prototype, 'warn');
    app = await start();
    const socket = await connectComponent(app, observed);
    await emitWithAck(socket, 'ping');
    // One collection could be a reader that has not reached the producer yet: no warning.
    expect(await meters.value('messaging.client.consumed.messages', { ...ns, 'messaging.operation.name': 'ping' })).toBe(1);
    expect(warn).not.toHaveBeenCalled();
    expect(await meters.points('messaging.process.duration', ns)).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('metricProducers: [rainSocketsMetricProducer]'));
    await meters.points('messaging.process.duration', ns);
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('says nothing when the reader was given the producer', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn');
    app = await start();
    const socket = await connectComponent(app, observed);
    await emitWithAck(socket, 'ping');
    for (let i = 0; i < 3; i++) expect(await meters.count('messaging.process.duration', ns)).toBe(1);
    expect(warn).not.toHaveBeenCalled();
  });

  it('counts refusals by cause: guard, origin, server full, rate limit', async () => {
    app = await start({
      idle: { maxConnections: 2, idleTimeout: 60_000, checkInterval: 60_000 },
      rateLimit: { perConnection: { burst: 3, perSecond: 0.01 }, perUser: false },
    });
    await expect(connectComponent(app, observed, { auth: { deny: true } })).rejects.toThrow('Connection refused');
    await expect(connectComponent(app, observed, { origin: 'http://elsewhere.example' })).rejects.toThrow();
    const a = await connectComponent(app, observed);
    await connectComponent(app, observed);
    await expect(connectComponent(app, observed)).rejects.toThrow('server full');
    for (let i = 0; i < 3; i++) await emitWithAck(a, 'ping');
    await expect(emitWithAck(a, 'ping')).resolves.toMatchObject({ code: 'rate_limited' });

    const refusals = async (cause: string, code: string) => meters.value('rain_sockets.refusals', { 'rain.refusal.cause': cause, 'error.type': code });
    expect(await refusals('guard', 'forbidden')).toBe(1);
    expect(await refusals('origin', 'origin_not_allowed')).toBe(1);
    expect(await refusals('server_full', 'server_full')).toBe(1);
    expect(await refusals('rate_limit', 'rate_limited')).toBe(1);
    expect(await meters.value('rain_sockets.connections.opened', ns)).toBe(2);
  });

  it('counts evictions, rooms and their members', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    app = await start({ idle: { maxConnections: 2, idleTimeout: 1_000, checkInterval: 60_000 } });
    const a = await connectComponent(app, observed);
    const b = await connectComponent(app, observed);
    await emitWithAck(a, 'join', 'lobby');
    await emitWithAck(b, 'join', 'lobby');
    await emitWithAck(b, 'join', 'news');
    expect(await meters.value('rain_sockets.rooms', ns)).toBe(2);
    expect(await meters.value('rain_sockets.room.members', ns)).toBe(3);

    const idle = app.get(RainIdleService);
    await expect(idle.sweep()).resolves.toBe(0); // a clock reading after the joins: idleness is measured from those
    vi.setSystemTime(Date.now() + 1_500);
    await emitWithAck(b, 'ping');
    await expect(idle.sweep()).resolves.toBe(1);
    await vi.waitFor(async () => expect(await meters.value('rain_sockets.evictions', ns)).toBe(1));
    // The evicted socket goes once its client confirms the eviction, or after the grace (2 s) for
    // a plain socket.io client like this one.
    await vi.waitFor(
      async () => expect(await meters.value('rain_sockets.connections.closed', { ...ns, 'rain.disconnect.reason': 'server namespace disconnect' })).toBe(1),
      { timeout: 5_000 },
    );
    expect(await meters.value('rain_sockets.room.members', ns)).toBe(2);
  });

  it('records nothing and adds no instrument when telemetry is off', async () => {
    app = await startObservedApp({});
    const a = await connectComponent(app, observed);
    await emitWithAck(a, 'ping');
    expect(await meters.points('messaging.client.consumed.messages')).toEqual([]);
  });
});
