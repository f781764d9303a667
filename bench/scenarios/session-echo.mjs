// Scenario: the echo where every event reads and writes the session (MemoryStore, and the
// Redis store when Redis answers). Raw socket.io does it by hand as socket.io documents it.
import { deleteKeys, redisReachable } from '../lib/redis.mjs';
import { echoRun } from './echo-run.mjs';
import { saturationNote, warmupNote } from './echo.mjs';

const TARGETS = { memory: 1.4, redis: 1.5 };

export const sessionEcho = {
  id: 'session',
  async run(bench) {
    const { config, figures } = bench;
    const stores = ['memory'];
    if (await redisReachable(config.redisUrl)) stores.push('redis');
    else bench.warn(`Redis at ${config.redisUrl} did not answer: echo with the Redis session store not measured.`);
    figures.note(
      'Echo with session: every event reads and changes the session, which is then saved; raw socket.io does it by hand ' +
        '(io.engine.use(session), reload before the event, save before the ack, as socket.io documents). ' +
        'The Nest gateway has no session support of its own, so it has no figure there.',
    );

    for (const store of stores) {
      const label = store === 'memory' ? 'MemoryStore' : 'Redis store';
      const scenario = `echo + session (${label}), ${config.clients.toLocaleString('en-US')} clients`;
      const key = `session.${store}`;
      const rate = figures.row({ key: `${key}.rate`, scenario, metric: 'messages/s', better: 'higher' });
      const p99 = figures.row({ key: `${key}.p99`, scenario, metric: 'ack p99 (ms)', better: 'lower' });
      const cpu = figures.row({ key: `${key}.cpu`, scenario, metric: 'server CPU per message (µs)', better: 'lower' });
      const load = figures.row({ key: `${key}.load`, scenario, metric: 'server CPU load (% of a core)', better: 'lower' });
      figures.headline({
        key: `${key}.cpu`,
        scenario: `echo + session write (${label})`,
        metric: 'server CPU per message',
        row: `${key}.cpu`,
        ratioOf: ['ours', 'socketio'],
        target: { max: TARGETS[store] },
        note: () => saturationNote(figures, `${key}.load`),
      });
      const results = [];
      for (const round of bench.rounds()) {
        for (const stack of bench.inRoundOrder(round, bench.stacks(['ours', 'socketio']))) {
          const result = await bench.withServer(stack, { BENCH_SESSION: store }, `session-${store}`, (server) =>
            echoRun(config, server, stack, { event: 'echo-session', login: true }),
          );
          if (result.errors) {
            const reason = result.firstError?.code === 'no_session' ? 'no session in this build' : 'errors';
            bench.warn(`echo + session (${store}) ${stack.label}: ${result.errors} error answers, e.g. ${JSON.stringify(result.firstError)}`);
            for (const row of ['rate', 'p99', 'cpu', 'load']) figures.unavailable(`${key}.${row}`, stack.id, reason);
            continue;
          }
          results.push(result);
          bench.log(
            `session ${store} round ${round} ${stack.label}: ${result.cpuPerMessage.toFixed(1)} µs/msg, ${Math.round(result.rate)} msg/s, ` +
              `p99 ${result.p99.toFixed(1)} ms, ${Math.round(result.cpuLoad * 100)}% of a core, warm-up ${result.warmupS.toFixed(0)} s`,
          );
          rate(stack.id, result.rate, round);
          p99(stack.id, result.p99, round);
          cpu(stack.id, result.cpuPerMessage, round);
          load(stack.id, result.cpuLoad * 100, round);
        }
      }
      warmupNote(bench, `Echo + session (${label})`, results);
    }
    if (stores.includes('redis')) await deleteKeys(config.redisUrl, bench.redisKey);
  },
};
