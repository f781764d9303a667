// What telemetry costs the server per message: its CPU time (process.cpuUsage) per acked
// event, with telemetry off, on with no SDK (the API's no-ops), metrics with the SDK, and
// metrics and traces with the SDK (spans recorded, then dropped). The server runs in a child
// process pinned to one core where `taskset` exists; this process is the client, on the other
// (SOCKETS sockets, each keeping WINDOW acked events in flight, so the server is saturated and
// its CPU per message is not inflated by idle wake-ups). Modes are interleaved over ROUNDS
// rounds; medians and ranges printed.
// Run after `npm run build:packages`: node bench/telemetry-cost.mjs [rounds]
import 'reflect-metadata';
import { execFileSync, fork } from 'node:child_process';
import { once } from 'node:events';

const MODES = ['off', 'on-no-sdk', 'metrics-sdk', 'metrics+traces-sdk'];
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
  const base = median(perMessage.off);
  console.log(`server CPU per acked event, ${SOCKETS} sockets × ${MESSAGES} events, ${ROUNDS} rounds (median, range)`);
  for (const mode of MODES) {
    const values = perMessage[mode];
    const m = median(values);
    const extra = mode === 'off' ? '' : `  ${m >= base ? '+' : ''}${(((m - base) / base) * 100).toFixed(1)}% vs off`;
    console.log(`${mode.padEnd(20)} ${m.toFixed(2)} µs  (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})${extra}`);
  }
}

async function serve(mode) {
  const api = await import('@opentelemetry/api');
  if (mode === 'metrics-sdk' || mode === 'metrics+traces-sdk') {
    const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');
    // Collected every 10 s, as a Prometheus scrape or an OTLP export would.
    class Reader extends MetricReader {
      async onForceFlush() {}
      async onShutdown() {}
    }
    const reader = new Reader();
    api.metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    setInterval(() => void reader.collect(), 10_000).unref();
  }
  if (mode === 'metrics+traces-sdk') {
    const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
    const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
    const dropped = { onStart() {}, onEnd() {}, forceFlush: async () => {}, shutdown: async () => {} };
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    api.trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [dropped] }));
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
  const telemetry = mode === 'off' ? undefined : mode === 'metrics-sdk' ? { traces: false } : true;
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
