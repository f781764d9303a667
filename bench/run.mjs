// `npm run bench`: every scenario, our stack and the baselines in the same run; one table,
// printed and written to bench/RESULTS.md. See the README section "Benchmarks" for the knobs.
import { BenchContext } from './lib/bench-context.mjs';
import { machine, writeResults } from './lib/results-file.mjs';
import { missedTargets, renderTable } from './lib/table.mjs';
import { readConfig } from './config.mjs';
import { SCENARIOS } from './scenarios/index.mjs';

const config = readConfig();
const bench = new BenchContext(config);
const startedAt = new Date();
const loadAtStart = machine().load;
console.log(`rain-sockets bench (${config.quick ? 'quick' : 'full'}): ${config.runs} run(s) per figure, stacks ${config.stacks.join(', ')}`);

for (const scenario of SCENARIOS) {
  if (config.only && !config.only.includes(scenario.id)) continue;
  console.log(`\n${scenario.id}`);
  const started = performance.now();
  try {
    await scenario.run(bench);
  } catch (error) {
    bench.warn(`scenario ${scenario.id} failed: ${error?.message ?? error}`);
    console.error(error);
  }
  console.log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
}

bench.summarizeProfiles();
const table = renderTable(bench.figures);
console.log(`\n${table}\n`);
for (const note of bench.figures.notes) console.log(`- ${note}`);
const missed = missedTargets(bench.figures);
if (missed.length) console.log(`\nTargets missed: ${missed.map((row) => `${row.scenario} ${row.metric}`).join('; ')}`);
for (const { title, body } of bench.figures.sections) console.log(`\n## ${title}\n\n${body}`);
if (config.out) {
  writeResults(config.out, { config, figures: bench.figures, table, startedAt, finishedAt: new Date(), loadAtStart });
  console.log(`\nWritten to ${config.out}`);
}
