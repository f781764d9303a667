// Scenario: echo with acks from N clients: what each message costs the server (the headline,
// paired within each round), and messages/s, ack p50/p99 and the server's CPU load.
import { summarize } from '../lib/stats.mjs';
import { echoRun } from './echo-run.mjs';

/** Below this share of a core the server was not the bottleneck: its load processes were. */
export const SATURATED = 90;

/** A note for a headline when the reference server did not use a whole core. */
export function saturationNote(figures, loadRow, stack = 'socketio') {
  const load = summarize(figures.rows.get(loadRow)?.values[stack] ?? []).median;
  if (!Number.isFinite(load) || load >= SATURATED) return undefined;
  return `raw socket.io's server at ${Math.round(load)}% of a core: not saturated (the load processes were the bound)`;
}

export function warmupNote(bench, scenario, results) {
  const unsettled = results.filter((r) => !r.settled);
  const longest = Math.max(...results.map((r) => r.warmupS));
  if (unsettled.length) {
    bench.figures.note(
      `${scenario}: ${unsettled.length} of ${results.length} runs did not settle (CPU per message within 5% over three 2 s windows) ` +
        `within the ${bench.config.maxWarmupSeconds} s warm-up limit; they were measured anyway.`,
    );
  }
  return longest;
}

export const echo = {
  id: 'echo',
  async run(bench) {
    const { config, figures } = bench;
    const scenario = `echo, ${config.clients.toLocaleString('en-US')} clients, ${config.seconds} s`;
    const rate = figures.row({ key: 'echo.rate', scenario, metric: 'messages/s', better: 'higher' });
    const p50 = figures.row({ key: 'echo.p50', scenario, metric: 'ack p50 (ms)', better: 'lower' });
    const p99 = figures.row({ key: 'echo.p99', scenario, metric: 'ack p99 (ms)', better: 'lower' });
    const cpu = figures.row({ key: 'echo.cpu', scenario, metric: 'server CPU per message (µs)', better: 'lower' });
    const load = figures.row({ key: 'echo.load', scenario, metric: 'server CPU load (% of a core)', better: 'lower' });
    figures.headline({
      key: 'echo.cpu',
      scenario: 'echo',
      metric: 'server CPU per message',
      row: 'echo.cpu',
      ratioOf: ['ours', 'socketio'],
      target: { max: 1.15 },
      note: () => saturationNote(figures, 'echo.load'),
    });
    figures.headline({ key: 'echo.cpu.gateway', scenario: 'echo', metric: 'server CPU per message', row: 'echo.cpu', ratioOf: ['ours', 'gateway'], target: { max: 0.5 } });

    const results = [];
    for (const round of bench.rounds()) {
      for (const stack of bench.inRoundOrder(round, bench.stacks())) {
        const result = await bench.withServer(stack, {}, 'echo', (server) => echoRun(config, server, stack));
        bench.log(
          `echo round ${round} ${stack.label}: ${result.cpuPerMessage.toFixed(1)} µs/msg, ${Math.round(result.rate)} msg/s, ` +
            `p99 ${result.p99.toFixed(1)} ms, ${Math.round(result.cpuLoad * 100)}% of a core, warm-up ${result.warmupS.toFixed(0)} s${result.settled ? '' : ' (not settled)'}`,
        );
        if (result.errors) {
          // An error answers faster than an echo: such a run would flatter the stack.
          bench.warn(`echo ${stack.label}: ${result.errors} error answers (run not counted), e.g. ${JSON.stringify(result.firstError)}`);
          continue;
        }
        results.push(result);
        rate(stack.id, result.rate, round);
        p50(stack.id, result.p50, round);
        p99(stack.id, result.p99, round);
        cpu(stack.id, result.cpuPerMessage, round);
        load(stack.id, result.cpuLoad * 100, round);
      }
    }
    warmupNote(bench, 'Echo', results);
  },
};
