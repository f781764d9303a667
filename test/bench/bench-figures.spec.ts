import { describe, expect, it } from 'vitest';
import { Figures } from '../../bench/lib/figures.mjs';
import { Histogram, percentileOf, summarize } from '../../bench/lib/stats.mjs';
import { missedTargets, renderTable } from '../../bench/lib/table.mjs';
import { parseSweepOutput } from '../../bench/scenarios/sweep.mjs';

// The bench's own arithmetic: what turns samples from several processes into the table.

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
});

describe('bench table', () => {
  it('holds ours ÷ raw socket.io against each target', () => {
    const figures = new Figures();
    const rate = figures.row({ key: 'rate', scenario: 'echo', metric: 'messages/s', better: 'higher', target: { min: 0.85 } });
    rate('ours', 800);
    rate('socketio', 1_000);
    const p99 = figures.row({ key: 'p99', scenario: 'fan-out', metric: 'p99 (ms)', better: 'lower', target: { max: 1.15 } });
    p99('ours', 11);
    p99('socketio', 10);
    const sweep = figures.row({ key: 'sweep', scenario: 'sweep', metric: 'ms', better: 'lower', target: { below: 5 } });
    sweep('ours', 0.5);

    const table = renderTable(figures);
    expect(table).toContain('| echo | messages/s | 800 | 1,000 | — | — | 0.80 | ≥ 0.85 **MISSED** |');
    expect(table).toContain('| fan-out | p99 (ms) | 11.0 | 10.0 | — | — | 1.10 | ≤ 1.15 met |');
    expect(table).toContain('| sweep | ms | 0.50 | — | — | — | — | < 5 met |');
    expect(missedTargets(figures).map((row) => row.key)).toEqual(['rate']);
  });

  it('shows the median of several runs with its spread, and a stack that could not be measured with the reason', () => {
    const figures = new Figures();
    const rate = figures.row({ key: 'rate', scenario: 'echo + session', metric: 'messages/s', better: 'higher', target: { min: 0.7 } });
    for (const value of [900, 1_000, 1_100]) rate('socketio', value);
    figures.unavailable('rate', 'ours', 'no session in this build');
    const table = renderTable(figures);
    expect(table).toContain('| n/a (no session in this build) | 1,000 ±10% |');
    expect(table).toContain('≥ 0.7 (not measured)');
    expect(missedTargets(figures)).toEqual([]);
  });
});

describe('idle sweep output', () => {
  it('takes the slowest case of each size from bench/idle-sweep.mjs', () => {
    const output = [
      'idle sweep (median of 51; idleTimeout 60000 ms, checkInterval 10000 ms; node v20.20.2)',
      '   10000 tracked: at the limit, evicting 1: 0.021 ms | nothing idle: 0.014 ms | evicting 100 (1%): 0.120 ms (0.0002% of checkInterval)',
      '   50000 tracked: at the limit, evicting 1: 0.086 ms | nothing idle: 0.060 ms | evicting 500 (1%): 0.510 ms (0.0009% of checkInterval)',
      'incoming() tracking over 50000 sockets: 4.8 ns per message',
    ].join('\n');
    expect(parseSweepOutput(output)).toEqual([
      { size: 10_000, worstMs: 0.12 },
      { size: 50_000, worstMs: 0.51 },
    ]);
  });
});
