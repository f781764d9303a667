import { describe, expect, it } from 'vitest';
import { Figures } from '../../bench/lib/figures.mjs';
import { Histogram, percentileOf, summarize } from '../../bench/lib/stats.mjs';
import { missedTargets, renderHeadlines, renderTable } from '../../bench/lib/table.mjs';
import { hasSettled } from '../../bench/scenarios/echo-run.mjs';
import { parseSweepJson } from '../../bench/scenarios/sweep.mjs';

// The bench's own arithmetic: what turns samples from several processes into the tables.

describe('bench statistics', () => {
  it('gives percentiles within 1% after histograms from two load processes are merged over IPC', () => {
    const odd = new Histogram();
    const even = new Histogram();
    for (let us = 1; us <= 10_000; us++) (us % 2 ? odd : even).record(us);
    const overIpc = (h: Histogram) => Histogram.fromJSON(JSON.parse(JSON.stringify(h)));
    const merged = overIpc(odd).merge(overIpc(even));
    expect(merged.total).toBe(10_000);
    expect(Math.abs(merged.percentile(50) - 5_000)).toBeLessThan(50);
    expect(Math.abs(merged.percentile(99) - 9_900)).toBeLessThan(99);
  });

  it('summarizes runs as their median and the largest distance of a run from it', () => {
    expect(summarize([10, 12, 9])).toEqual({ median: 10, spread: 0.2, runs: 3 });
    expect(summarize([4, 6])).toEqual({ median: 5, spread: 0.2, runs: 2 });
    expect(summarize([NaN, 7])).toEqual({ median: 7, spread: 0, runs: 1 });
    expect(summarize([]).runs).toBe(0);
  });

  it('takes the exact percentile of a small sample (one figure per broadcast)', () => {
    const lasts = [5, 1, 4, 2, 3];
    expect(percentileOf(lasts, 50)).toBe(3);
    expect(percentileOf(lasts, 99)).toBe(5);
  });

  it('ends a warm-up once the last three windows of CPU per message lie within 5% of their median', () => {
    expect(hasSettled([40, 31, 25, 24.5, 25.2])).toBe(true);
    expect(hasSettled([40, 31, 25, 24.5, 27])).toBe(false);
    expect(hasSettled([25, 25])).toBe(false);
  });
});

describe('bench tables', () => {
  it('takes each headline ratio within a round, and gives the median and the range of the pairs', () => {
    const figures = new Figures();
    const cpu = figures.row({ key: 'cpu', scenario: 'echo', metric: 'CPU per message (µs)', better: 'lower' });
    // The machine slows down over the rounds: the medians of each stack alone would hide that the pairs agree.
    for (const [round, ours, raw] of [[1, 22, 20], [2, 33, 30], [3, 44, 40], [4, 24, 20], [5, 55, 50]] as const) {
      cpu('ours', ours, round);
      cpu('socketio', raw, round);
    }
    cpu('gateway', 100, 1);
    figures.headline({ key: 'echo', scenario: 'echo', metric: 'CPU per message', row: 'cpu', ratioOf: ['ours', 'socketio'], target: { max: 1.15 } });
    figures.headline({ key: 'gw', scenario: 'echo', metric: 'CPU per message', row: 'cpu', ratioOf: ['ours', 'gateway'], target: { max: 0.5 } });
    expect(figures.pairedRatios('cpu', 'ours', 'socketio')).toEqual([1.1, 1.1, 1.1, 1.2, 1.1]);

    const headlines = renderHeadlines(figures);
    expect(headlines).toContain('| echo | CPU per message, rain-sockets ÷ raw socket.io | 1.10 (1.10–1.20, 5 pairs) | ≤ 1.15 met |  |');
    expect(headlines).toContain('| echo | CPU per message, rain-sockets ÷ Nest gateway | 0.22 (1 pair) | ≤ 0.5 met |  |');
    expect(missedTargets(figures)).toEqual([]);
  });

  it('marks a missed target, an unmeasured one, and an absolute figure with its runs', () => {
    const figures = new Figures();
    const p99 = figures.row({ key: 'p99', scenario: 'fan-out', metric: 'p99 (ms)', better: 'lower' });
    p99('ours', 12, 1);
    p99('socketio', 10, 1);
    figures.headline({ key: 'fanout', scenario: 'fan-out', metric: 'p99', row: 'p99', ratioOf: ['ours', 'socketio'], target: { max: 1.05 } });
    figures.headline({ key: 'none', scenario: 'session', metric: 'CPU', row: 'missing', ratioOf: ['ours', 'socketio'], target: { max: 1.4 } });
    const sweep = figures.row({ key: 'sweep', scenario: 'sweep', metric: 'ms', better: 'lower' });
    sweep('ours', 0.5, 1);
    sweep('ours', 0.7, 2);
    figures.headline({ key: 'sweep', scenario: 'sweep', metric: 'ms', row: 'sweep', ratioOf: ['ours', 'ours'], absolute: true, target: { max: 5 } });

    const headlines = renderHeadlines(figures);
    expect(headlines).toContain('| fan-out | p99, rain-sockets ÷ raw socket.io | 1.20 (1 pair) | ≤ 1.05 **MISSED** |  |');
    expect(headlines).toContain('| session | CPU, rain-sockets ÷ raw socket.io | not measured | ≤ 1.4 (not measured) |  |');
    expect(headlines).toContain('| sweep | ms | 0.60 (0.50–0.70, 2 runs) | ≤ 5 met |  |');
    expect(missedTargets(figures).map((h) => h.key)).toEqual(['fanout']);
  });

  it('shows every stack\'s median with its spread, and a stack that could not be measured with the reason', () => {
    const figures = new Figures();
    const rate = figures.row({ key: 'rate', scenario: 'echo + session', metric: 'messages/s', better: 'higher' });
    for (const value of [900, 1_000, 1_100]) rate('socketio', value);
    figures.unavailable('rate', 'ours', 'no session in this build');
    const table = renderTable(figures);
    expect(table).toContain('| echo + session | messages/s | n/a (no session in this build) | 1,000 ±10% | — | — | — |');
  });
});

describe('idle sweep benchmark report', () => {
  it("takes the slowest case of each size and incoming()'s cost per event from Vitest's benchmark JSON", () => {
    const group = (fullName: string, medians: Record<string, number>) => ({
      fullName,
      benchmarks: Object.entries(medians).map(([name, median]) => ({ name, median })),
    });
    const report = {
      files: [
        {
          groups: [
            group('libs/rain-sockets/src/idle/idle-sweep.bench.ts > idle sweep, 50000 tracked', { 'at the limit, evicting 1': 0.09, 'nothing idle': 0.06, 'evicting 1%': 0.51 }),
            group('libs/rain-sockets/src/idle/idle-sweep.bench.ts > idle sweep, 10000 tracked', { 'at the limit, evicting 1': 0.02, 'evicting 1%': 0.12 }),
            group('libs/rain-sockets/src/idle/idle-sweep.bench.ts > incoming() tracking, 10000 events over 50000 sockets', { 'incoming()': 0.05 }),
          ],
        },
      ],
    };
    const parsed = parseSweepJson(report);
    expect(parsed.sizes.map(({ size, worstMs }) => ({ size, worstMs }))).toEqual([
      { size: 10_000, worstMs: 0.12 },
      { size: 50_000, worstMs: 0.51 },
    ]);
    expect(parsed.incomingNs).toBeCloseTo(5, 6);
  });
});
