// `npm run bench`: every scenario, our stack and the baselines in the same rounds; the headline
// ratios and every figure, printed and written to bench/RESULTS.md, and the headline table to
// docs/benchmarks.md. docs/benchmarks.md says what is measured and how to read it.
import { BenchContext } from './lib/bench-context.mjs';
import { markOtherWork, otherWorkSince } from './lib/other-work.mjs';
import { machine, quietness, writeLatestToDocs, writeResults } from './lib/results-file.mjs';
import { missedTargets, renderHeadlines, renderTable } from './lib/table.mjs';
import { readConfig } from './config.mjs';
import { SCENARIOS } from './scenarios/index.mjs';

const config = readConfig();
const bench = new BenchContext(config);
const startedAt = new Date();
const loadAtStart = machine();
const otherWork = markOtherWork();
console.log(`rain-sockets bench (${config.quick ? 'quick' : 'full'}): ${config.runs} round(s), stacks ${config.stacks.join(', ')}`);

for (const scenario of SCENARIOS) {
  if (config.only ? !config.only.includes(scenario.id) : scenario.optIn) continue;
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
const headlines = renderHeadlines(bench.figures);
const table = renderTable(bench.figures);
console.log(`\n${headlines}\n\n${table}\n`);
for (const note of bench.figures.notes) console.log(`- ${note}`);
const missed = missedTargets(bench.figures);
if (missed.length) console.log(`\nTargets missed: ${missed.map((h) => `${h.scenario} ${h.metric}`).join('; ')}`);
const otherCores = otherWorkSince(otherWork);
console.log(`\nThis run was made on ${quietness(otherCores, loadAtStart.cores)}.`);
if (config.out) {
  const run = { config, figures: bench.figures, headlines, table, startedAt, finishedAt: new Date(), loadAtStart, otherCores };
  writeResults(config.out, run);
  console.log(`\nWritten to ${config.out}`);
  if (config.docs && writeLatestToDocs(run)) console.log('Latest figures written to docs/benchmarks.md');
}
