// The results tables: the headline (ours ÷ a baseline, paired within each round: median and
// range) with the targets, then the details (each stack's median ± spread).
import { COLUMNS, REFERENCE, STACKS } from '../stacks.mjs';
import { summarize } from './stats.mjs';

export function formatNumber(value) {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

/** The values a headline summarizes: paired ratios, or ours' own values when `absolute`. */
export function headlineValues(figures, headline) {
  const [top, bottom] = headline.ratioOf;
  if (!headline.absolute) return figures.pairedRatios(headline.row, top, bottom);
  return (figures.rows.get(headline.row)?.values[top] ?? []).filter(Number.isFinite);
}

/** Median and range of a headline, and whether it meets its target. */
export function headlineSummary(figures, headline) {
  const values = headlineValues(figures, headline);
  const { median } = summarize(values);
  const { target } = headline;
  let verdict = '';
  if (target) {
    const text = target.min !== undefined ? `≥ ${target.min}` : `≤ ${target.max}`;
    if (!values.length) verdict = `${text} (not measured)`;
    else verdict = `${text} ${(target.min !== undefined ? median >= target.min : median <= target.max) ? 'met' : '**MISSED**'}`;
  }
  return { values, median, min: Math.min(...values), max: Math.max(...values), verdict };
}

const fixed = (value) => (Math.abs(value) >= 10 ? formatNumber(value) : value.toFixed(2));

export function renderHeadlines(figures) {
  const lines = [
    '| scenario | measure | ratio: median (range, pairs) | target | note |',
    '| --- | --- | ---: | --- | --- |',
  ];
  for (const headline of figures.headlines) {
    const { values, median, min, max, verdict } = headlineSummary(figures, headline);
    const [top, bottom] = headline.ratioOf;
    const measure = headline.absolute ? headline.metric : `${headline.metric}, ${STACKS[top].label} ÷ ${STACKS[bottom].label}`;
    const cell = !values.length
      ? 'not measured'
      : values.length === 1
        ? `${fixed(median)} (1 ${headline.absolute ? 'run' : 'pair'})`
        : `${fixed(median)} (${fixed(min)}–${fixed(max)}, ${values.length} ${headline.absolute ? 'runs' : 'pairs'})`;
    lines.push(`| ${[headline.scenario, measure, cell, verdict, headline.note?.() ?? ''].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** A row that divides two other rows, stack by stack (e.g. 2 nodes ÷ 1 node). */
function derivedCell(figures, row, stack) {
  const top = summarize(figures.rows.get(row.derived.top)?.values[stack] ?? []).median;
  const bottom = summarize(figures.rows.get(row.derived.bottom)?.values[stack] ?? []).median;
  const ratio = top / bottom;
  return Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—';
}

function cell(row, stack) {
  const reason = row.unavailable?.[stack];
  if (reason) return `n/a (${reason})`;
  const runs = row.values[stack];
  if (!runs?.length) return '—';
  const { median, spread, runs: n } = summarize(runs);
  if (!Number.isFinite(median)) return 'failed';
  return n > 1 ? `${formatNumber(median)} ±${Math.round(spread * 100)}%` : formatNumber(median);
}

/** Every row, each stack's median ± the largest distance of a run from it. */
export function renderTable(figures) {
  const header = ['scenario', 'metric', ...COLUMNS.map((id) => STACKS[id].label), `ours ÷ ${STACKS[REFERENCE].label} (medians)`];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const row of figures.rows.values()) {
    if (row.derived) {
      lines.push(`| ${[row.scenario, row.metric, ...COLUMNS.map((id) => derivedCell(figures, row, id)), ''].join(' | ')} |`);
      continue;
    }
    const ratio = row.unavailable?.ours || row.unavailable?.[REFERENCE]
      ? NaN
      : summarize(row.values.ours ?? []).median / summarize(row.values[REFERENCE] ?? []).median;
    lines.push(`| ${[row.scenario, row.metric, ...COLUMNS.map((id) => cell(row, id)), Number.isFinite(ratio) ? ratio.toFixed(2) : '—'].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Headlines whose target was missed, for the summary. */
export function missedTargets(figures) {
  return figures.headlines.filter((headline) => headlineSummary(figures, headline).verdict.includes('MISSED'));
}
