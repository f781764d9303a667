// What telemetry costs the server per message: its CPU time (process.cpuUsage) per acked
// event, with telemetry off, metrics and spans on with no SDK (the API's no-ops), metrics only with the SDK (its
// reader given rain-sockets' histogram producer, as docs/operating.md says), and metrics and
// traces with the SDK: every event sampled (spans recorded, then dropped), or 1 in 100 (a
// parent-based ratio sampler, what a busy service runs). 'app-traces': the app's tracer and
// AsyncLocalStorage context manager registered, our metrics on and our spans off; nothing enters
// a context there, so it does not show what AsyncLocalStorage costs once something does. Each mode's figure is its ratio to 'off' within a round
// (paired, as npm run bench pairs), median and range over the rounds. The server runs in a child
// process pinned to one core where `taskset` exists; this process is the client, on the other
// (SOCKETS sockets, each keeping WINDOW acked events in flight, so the server is saturated and
// its CPU per message is not inflated by idle wake-ups). Modes are interleaved over ROUNDS
// rounds; medians and ranges printed.
// Run after `npm run build:packages`: node bench/telemetry-cost.mjs [rounds]
import 'reflect-metadata';
import { execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';

const MODES = ['off', 'on-no-sdk', 'metrics-sdk', 'app-traces', 'metrics+traces-1%', 'metrics+traces-sdk'];
const SOCKETS = 20;
const WINDOW = 16; // acked events in flight per socket
const MESSAGES = 5_000; // per socket and round
const WARMUP = 3_000; // per socket, before measuring: the JIT settles
const ROUNDS = Number(process.argv[2] ?? 5);

/** Pins a process to a core when taskset exists (Linux); a no-op elsewhere. */
function pin(pid, core) {
  try {
    execFileSync('taskset', ['-pc', String(core), String(pid)], { stdio: 'ignore' });
  } catch {
    // No taskset: both float, and the figures are noisier.
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3]);
else await run();

async function run() {
  const { io } = await import('socket.io-client');
  const perMessage = Object.fromEntries(MODES.map((mode) => [mode, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of MODES) {
      const child = fork(new URL(import.meta.url).pathname, ['--serve', mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      pin(child.pid, 0);
      pin(process.pid, 1);
      try {
        const [{ port }] = await once(child, 'message');
        const sockets = await Promise.all(
          Array.from({ length: SOCKETS }, async () => {
            const socket = io(`http://127.0.0.1:${port}/bench/1.0.0/echo`, { transports: ['websocket'], forceNew: true, reconnection: false });
            await once(socket, 'connect');
            return socket;
          }),
        );
        const send = (count) =>
          Promise.all(
            sockets.map(
              (socket) =>
                new Promise((resolve) => {
                  let sent = 0;
                  let answered = 0;
                  const next = () => {
                    if (sent === count) return;
                    sent++;
                    socket.emit('echo', { n: sent, text: 'hello' }, () => {
                      if (++answered === count) resolve();
                      else next();
                    });
                  };
                  for (let i = 0; i < WINDOW; i++) next();
                }),
            ),
          );
        await send(WARMUP);
        child.send('start');
        await once(child, 'message');
        await send(MESSAGES);
        child.send('stop');
        const [{ cpuMicros }] = await once(child, 'message');
        perMessage[mode].push(cpuMicros / (SOCKETS * MESSAGES));
        for (const socket of sockets) socket.disconnect();
      } finally {
        child.kill();
        await once(child, 'exit');
      }
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const percent = (ratio) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)}%`;
  console.log(`server CPU per acked event, ${SOCKETS} sockets × ${MESSAGES} events, ${ROUNDS} rounds: median (range) µs; vs off, paired within each round`);
  for (const mode of MODES) {
    const values = perMessage[mode];
    const line = `${mode.padEnd(20)} ${median(values).toFixed(2)} µs  (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
    if (mode === 'off') {
      console.log(line);
      continue;
    }
    const ratios = values.map((value, round) => value / perMessage.off[round]);
    console.log(`${line}  ${percent(median(ratios))} vs off (${percent(Math.min(...ratios))} to ${percent(Math.max(...ratios))})`);
  }
}

async function serve(mode) {
  const api = await import('@opentelemetry/api');
  const traced = mode.startsWith('metrics+traces') || mode === 'app-traces';
  if (mode === 'metrics-sdk' || traced) {
    const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
    const { rainSocketsMetricProducer } = await import('rain-sockets/otel');
    // Collected every 10 s, as a Prometheus scrape or an OTLP export would.
    class Reader extends MetricReader {
      async onForceFlush() {}
      async onShutdown() {}
    }
    const reader = new Reader({ metricProducers: [rainSocketsMetricProducer] });
    api.metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    setInterval(() => void reader.collect(), 10_000).unref();
  }
  if (traced) {
    const { BasicTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } = await import('@opentelemetry/sdk-trace-base');
    const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
    const dropped = { onStart() {}, onEnd() {}, forceFlush: async () => {}, shutdown: async () => {} };
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const sampler = mode === 'metrics+traces-1%' ? new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(0.01) }) : undefined;
    api.trace.setGlobalTracerProvider(new BasicTracerProvider({ sampler, spanProcessors: [dropped] }));
  }
  const { Module } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  // The built package, by name, as an app imports it.
  const rain = await import('rain-sockets');

  class EchoSocket {
    echo(_socket, data) {
      return data;
    }
  }
  Reflect.decorate([rain.SubscribeMessage('echo')], EchoSocket.prototype, 'echo', Object.getOwnPropertyDescriptor(EchoSocket.prototype, 'echo'));
  Reflect.decorate([rain.ComponentSocket('echo')], EchoSocket);
  class BenchComponent {}
  Reflect.decorate([rain.RainComponent({ id: 'bench', version: '1.0.0' }), Module({ providers: [EchoSocket] })], BenchComponent);
  const telemetry = mode === 'off' ? undefined : mode === 'metrics-sdk' || mode === 'app-traces' ? { traces: false } : true;
  class AppModule {}
  Reflect.decorate([Module({ imports: [rain.RainSocketsModule.forRoot({ rateLimit: false, telemetry }), BenchComponent] })], AppModule);

  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  let started;
  process.on('message', (message) => {
    if (message === 'start') {
      started = process.cpuUsage();
      process.send({ ok: true });
    } else if (message === 'stop') {
      const used = process.cpuUsage(started);
      process.send({ cpuMicros: used.user + used.system });
    }
  });
  process.send({ port: app.getHttpServer().address().port });
}
