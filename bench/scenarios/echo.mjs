// Scenario: echo with acks from N clients: messages/s, ack p50/p99, and what each message costs the server.
import { summarize } from '../lib/stats.mjs';
import { echoRun } from './echo-run.mjs';

/** Below this share of a core the server was not the bottleneck. */
const SATURATED = 90;

export const echo = {
  id: 'echo',
  async run(bench) {
    const { config, figures } = bench;
    const scenario = `echo, ${config.clients.toLocaleString('en-US')} clients, ${config.seconds} s`;
    const rate = figures.row({ key: 'echo.rate', scenario, metric: 'messages/s', better: 'higher', target: { min: 0.85 } });
    const p50 = figures.row({ key: 'echo.p50', scenario, metric: 'ack p50 (ms)', better: 'lower' });
    const p99 = figures.row({ key: 'echo.p99', scenario, metric: 'ack p99 (ms)', better: 'lower' });
    const cpu = figures.row({ key: 'echo.cpu', scenario, metric: 'server CPU per message (µs)', better: 'lower' });
    const load = figures.row({ key: 'echo.load', scenario, metric: 'server CPU load (% of a core)', better: 'lower' });

    for (let run = 1; run <= config.runs; run++) {
      for (const stack of bench.stacks()) {
        const result = await bench.withServer(stack, {}, 'echo', (server) => echoRun(config, server, stack));
        bench.log(`echo run ${run} ${stack.label}: ${Math.round(result.rate)} msg/s, p99 ${result.p99.toFixed(1)} ms, ${result.cpuPerMessage.toFixed(1)} µs/msg`);
        if (result.errors) {
          // An error answers faster than an echo: such a run would flatter the stack.
          bench.warn(`echo ${stack.label}: ${result.errors} error answers (run not counted), e.g. ${JSON.stringify(result.firstError)}`);
          continue;
        }
        rate(stack.id, result.rate);
        p50(stack.id, result.p50);
        p99(stack.id, result.p99);
        cpu(stack.id, result.cpuPerMessage);
        load(stack.id, result.cpuLoad * 100);
      }
    }
    const reference = summarize(figures.rows.get('echo.load').values.socketio ?? []).median;
    if (reference < SATURATED) {
      figures.note(
        `Echo: raw socket.io's server used ${Math.round(reference)}% of a core, so its messages/s are bounded by the ` +
          'load processes sharing the machine, not by the server; "server CPU per message" is the server-side cost.',
      );
    }
  },
};
