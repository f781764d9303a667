import type { INestApplication } from '@nestjs/common';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRainClient } from 'rain-client';
import { TRACE_ENVELOPE_KEY } from 'rain-sockets';
import { closeApps, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { OBSERVED_NAMESPACE, observed } from './fixtures/observed.component.js';
import { startObservedApp } from './fixtures/telemetry-app.js';

// What a browser's span would send: W3C traceparent of trace T, span P.
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const traceparent = `00-${TRACE_ID}-${PARENT_ID}-01`;

describe('telemetry: a span per handled event', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  let app: INestApplication;

  beforeAll(() => {
    // What an app's SDK registers: the context manager (so a handler's calls see its span) and W3C propagation.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });

  afterAll(async () => {
    trace.disable();
    context.disable();
    propagation.disable();
    await provider.shutdown();
  });

  afterEach(async () => {
    await closeApps();
    exporter.reset();
  });

  const spansNamed = (name: string) => exporter.getFinishedSpans().filter((span) => span.name === name);

  it('names it after the event and namespace, with messaging attributes, and marks failures with their code', async () => {
    app = await startObservedApp({ telemetry: { metrics: false } });
    const socket = await connectComponent(app, observed);
    await emitWithAck(socket, 'ping');
    await emitWithAck(socket, 'fail');

    const [ping] = spansNamed(`ping ${OBSERVED_NAMESPACE}`);
    expect(ping!.kind).toBe(SpanKind.CONSUMER);
    expect(ping!.attributes).toEqual({
      'messaging.system': 'socket.io',
      'messaging.operation.type': 'process',
      'messaging.operation.name': 'ping',
      'messaging.destination.name': OBSERVED_NAMESPACE,
      'messaging.client.id': socket.id,
    });
    expect(ping!.status.code).toBe(SpanStatusCode.UNSET);
    const [fail] = spansNamed(`fail ${OBSERVED_NAMESPACE}`);
    expect(fail!.attributes['error.type']).toBe('not_today');
    expect(fail!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'not_today' });
  });

  it("is a child of the client's trace sent in the event's envelope, and the handler's own spans are its children", async () => {
    app = await startObservedApp({ telemetry: { metrics: false } });
    const socket = await connectComponent(app, observed);
    // The envelope rides after the data (here none), as rain-client's traceContext option sends it.
    const answer = (await socket.timeout(2_000).emitWithAck('store', undefined, { [TRACE_ENVELOPE_KEY]: { traceparent } })) as { traceId: string; spanId: string };

    const [event] = spansNamed(`store ${OBSERVED_NAMESPACE}`);
    expect(event!.spanContext().traceId).toBe(TRACE_ID);
    expect(event!.parentSpanContext?.spanId).toBe(PARENT_ID);
    // What the handler called (here a span of its own, as an instrumented Redis client makes) is inside the event's span.
    const [store] = spansNamed('store get');
    expect(answer).toEqual({ traceId: TRACE_ID, spanId: store!.spanContext().spanId });
    expect(store!.parentSpanContext?.spanId).toBe(event!.spanContext().spanId);
  });

  it("carries the caller's trace from rain-client's traceContext option, with or without data and ack", async () => {
    app = await startObservedApp({ telemetry: { metrics: false } });
    const rain = createRainClient({ url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), keepAlivePath: false, traceContext: () => ({ traceparent }) });
    try {
      const socket = rain.component(observed.id, observed.version).messaging.getSocket(observed.channel);
      await expect(socket.timeout(2_000).emitWithAck('join', 'lobby')).resolves.toEqual({ joined: 'lobby' });
      await expect(socket.timeout(2_000).emitWithAck('ping')).resolves.toEqual({ pong: true });
      for (const name of ['join', 'ping']) {
        const [span] = spansNamed(`${name} ${OBSERVED_NAMESPACE}`);
        expect(span!.spanContext().traceId).toBe(TRACE_ID);
        expect(span!.parentSpanContext?.spanId).toBe(PARENT_ID);
      }
    } finally {
      rain.close();
    }
  });

  it("takes the handshake's trace context when an event carries none", async () => {
    app = await startObservedApp({ telemetry: { metrics: false } });
    const socket = await connectComponent(app, observed, { auth: { [TRACE_ENVELOPE_KEY]: { traceparent } } });
    await emitWithAck(socket, 'ping');
    const [ping] = spansNamed(`ping ${OBSERVED_NAMESPACE}`);
    expect(ping!.spanContext().traceId).toBe(TRACE_ID);
    expect(ping!.parentSpanContext?.spanId).toBe(PARENT_ID);
  });

  it('starts a trace of its own without client context, and traces nothing when traces are off', async () => {
    app = await startObservedApp({ telemetry: { metrics: false } });
    const socket = await connectComponent(app, observed);
    await emitWithAck(socket, 'ping', { data: 1 });
    const [ping] = spansNamed(`ping ${OBSERVED_NAMESPACE}`);
    expect(ping!.spanContext().traceId).not.toBe(TRACE_ID);
    expect(ping!.parentSpanContext).toBeUndefined();
    await closeApps();
    exporter.reset();

    app = await startObservedApp({ telemetry: { traces: false } });
    await emitWithAck(await connectComponent(app, observed), 'ping');
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});
