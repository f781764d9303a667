// Scenario: idle eviction's sweep over 10,000 and 50,000 tracked sockets. The measuring is
// bench/idle-sweep.mjs's (the idle engineer's); this runs it against the library source and
// takes its figures into the table: per size, the slowest of its cases (median of its runs).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SCRIPT = fileURLToPath(new URL('../idle-sweep.mjs', import.meta.url));
const SWC = fileURLToPath(new URL('../lib/swc-register.mjs', import.meta.url));
const SWEEP_LINE = /^\s*(\d+)\s+tracked:(.*)$/;
const MS = /([\d.]+)\s*ms\b/g;
const TARGET_SIZE = 50_000;

/** "  50000 tracked: case: 0.04 ms | case: 0.05 ms" → [{ size, worstMs }] */
export function parseSweepOutput(text) {
  const sizes = [];
  for (const line of text.split('\n')) {
    const match = SWEEP_LINE.exec(line);
    if (!match) continue;
    const times = [...match[2].matchAll(MS)].map((m) => Number(m[1]));
    if (times.length) sizes.push({ size: Number(match[1]), worstMs: Math.max(...times) });
  }
  return sizes;
}

export const sweep = {
  id: 'sweep',
  async run(bench) {
    const { config, figures } = bench;
    if (!existsSync(SCRIPT)) {
      bench.warn('bench/idle-sweep.mjs is not in this checkout: idle sweep not measured.');
      return;
    }
    const outputs = [];
    for (let run = 1; run <= config.runs; run++) {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', SWC, SCRIPT], { timeout: 300_000 });
      outputs.push(stdout.trim());
      const sizes = parseSweepOutput(stdout);
      if (!sizes.length) throw new Error(`bench/idle-sweep.mjs printed no "N tracked: ... ms" line:\n${stdout}`);
      for (const { size, worstMs } of sizes) {
        figures.row({
          key: `sweep.${size}`,
          scenario: `idle sweep, ${size.toLocaleString('en-US')} tracked sockets`,
          metric: 'time per sweep, slowest case (ms)',
          better: 'lower',
          target: size === TARGET_SIZE ? { below: 5 } : undefined,
        })('ours', worstMs);
        bench.log(`sweep run ${run}: ${size} tracked, ${worstMs} ms`);
      }
    }
    figures.section('Idle sweep (output of bench/idle-sweep.mjs, last run)', `\`\`\`\n${outputs.at(-1)}\n\`\`\``);
  },
};
