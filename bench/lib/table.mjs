// The results table: median of the runs ± spread, each baseline, the ratio, the target.
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

/** ours ÷ reference (or the row's own `ratioOf`), from the medians. */
export function ratioOf(row) {
  const [a, b] = row.ratioOf ?? ['ours', REFERENCE];
  if (row.unavailable?.[a] || row.unavailable?.[b]) return NaN;
  const top = summarize(row.values[a] ?? []).median;
  const bottom = summarize(row.values[b] ?? []).median;
  return top / bottom;
}

function targetCell(row, ratio) {
  const { target } = row;
  if (!target) return '';
  const text = target.min !== undefined ? `≥ ${target.min}` : target.max !== undefined ? `≤ ${target.max}` : `< ${target.below}`;
  let value = ratio;
  if (target.below !== undefined) value = summarize(row.values.ours ?? []).median;
  if (!Number.isFinite(value)) return `${text} (not measured)`;
  const met = target.min !== undefined ? value >= target.min : target.max !== undefined ? value <= target.max : value < target.below;
  return `${text} ${met ? 'met' : '**MISSED**'}`;
}

export function renderTable(figures) {
  const header = ['scenario', 'metric', ...COLUMNS.map((id) => STACKS[id].label), `ours ÷ ${STACKS[REFERENCE].label}`, 'target'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`];
  for (const row of figures.rows.values()) {
    if (row.derived) {
      lines.push(`| ${[row.scenario, row.metric, ...COLUMNS.map((id) => derivedCell(figures, row, id)), '', ''].join(' | ')} |`);
      continue;
    }
    const ratio = ratioOf(row);
    lines.push(
      `| ${[
        row.scenario,
        row.metric,
        ...COLUMNS.map((id) => cell(row, id)),
        Number.isFinite(ratio) ? ratio.toFixed(2) : '—',
        targetCell(row, ratio),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** Rows whose target was missed, for the summary and the exit code. */
export function missedTargets(figures) {
  return [...figures.rows.values()].filter((row) => !row.derived && targetCell(row, ratioOf(row)).includes('MISSED'));
}
