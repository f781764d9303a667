// Scenario: idle eviction's sweep over 10,000 and 50,000 tracked sockets. The measuring is the
// package's own Vitest benchmark (libs/rain-sockets/src/idle/idle-sweep.bench.ts, found by name,
// not imported: nothing outside the package reaches into it); this runs it and takes into the
// table, per size, the slowest of its cases (the median of its sweeps).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VITEST = (() => {
  const manifest = createRequire(import.meta.url).resolve('vitest/package.json');
  return join(dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.vitest);
})();
const TARGET_SIZE = 50_000;
const SIZE_GROUP = /idle sweep, (\d+) tracked$/;
const INCOMING_GROUP = /incoming\(\) tracking, (\d+) events/;

/**
 * Vitest's benchmark JSON → per size the slowest case ({ size, worstMs, cases }), and the cost of
 * incoming() per event in ns.
 */
export function parseSweepJson(report) {
  const sizes = [];
  let incomingNs;
  for (const file of report.files ?? []) {
    for (const group of file.groups ?? []) {
      const size = SIZE_GROUP.exec(group.fullName);
      if (size) {
        const cases = group.benchmarks.map((b) => ({ name: b.name, ms: b.median }));
        const missing = cases.filter((c) => typeof c.ms !== 'number');
        if (missing.length) throw new Error(`the idle-sweep benchmark has no figures for ${missing.map((c) => `"${c.name}"`).join(', ')} at ${size[1]} (did the case throw?)`);
        sizes.push({ size: Number(size[1]), worstMs: Math.max(...cases.map((c) => c.ms)), cases });
      }
      const incoming = INCOMING_GROUP.exec(group.fullName);
      if (incoming && group.benchmarks[0]) incomingNs = (group.benchmarks[0].median * 1e6) / Number(incoming[1]);
    }
  }
  return { sizes: sizes.sort((a, b) => a.size - b.size), incomingNs };
}

export const sweep = {
  id: 'sweep',
  async run(bench) {
    const { config, figures } = bench;
    const lines = [];
    for (const round of bench.rounds()) {
      const dir = mkdtempSync(join(tmpdir(), 'rain-sweep-'));
      let parsed;
      try {
        const out = join(dir, 'sweep.json');
        await promisify(execFile)(process.execPath, [VITEST, 'bench', '--run', '--outputJson', out, 'idle-sweep'], { cwd: ROOT, timeout: 300_000 });
        parsed = parseSweepJson(JSON.parse(readFileSync(out, 'utf8')));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      if (!parsed.sizes.length) throw new Error('the idle-sweep benchmark reported no "idle sweep, N tracked" group');
      for (const { size, worstMs, cases } of parsed.sizes) {
        const key = `sweep.${size}`;
        figures.row({ key, scenario: `idle sweep, ${size.toLocaleString('en-US')} tracked sockets`, metric: 'time per sweep, slowest case (ms)', better: 'lower' })('ours', worstMs, round);
        figures.headline({
          key,
          scenario: `idle sweep, ${size.toLocaleString('en-US')} tracked sockets`,
          metric: 'time per sweep, slowest case (ms)',
          row: key,
          ratioOf: ['ours', 'ours'],
          absolute: true,
          target: size === TARGET_SIZE ? { max: 5 } : undefined,
        });
        bench.log(`sweep round ${round}: ${size} tracked, ${cases.map((c) => `${c.name} ${c.ms.toFixed(3)} ms`).join(' | ')}`);
        if (round === config.runs) lines.push(`${size} tracked: ${cases.map((c) => `${c.name}: ${c.ms.toFixed(3)} ms`).join(' | ')}`);
      }
      if (parsed.incomingNs !== undefined && round === config.runs) lines.push(`incoming() tracking: ${parsed.incomingNs.toFixed(1)} ns per event`);
    }
    figures.section('Idle sweep (libs/rain-sockets/src/idle/idle-sweep.bench.ts, medians of the last run)', `\`\`\`\n${lines.join('\n')}\n\`\`\``);
  },
};
