// Collects one value per run for each (row, stack), the round each run belonged to, the
// headline ratios to compute from them, and the notes that go under the tables.

export class Figures {
  constructor() {
    this.rows = new Map();
    this.headlines = [];
    this.notes = [];
    this.sections = [];
  }

  /**
   * Declares a row (idempotent) and returns a function that records one run's value for a stack,
   * with the round it belongs to (runs of one round are paired with each other).
   * @param row { key, scenario, metric, better: 'higher'|'lower' }
   */
  row(row) {
    if (!this.rows.has(row.key)) this.rows.set(row.key, { ...row, values: {}, rounds: {} });
    const stored = this.rows.get(row.key);
    return (stack, value, round) => {
      (stored.values[stack] ??= []).push(value);
      (stored.rounds[stack] ??= []).push(round ?? stored.values[stack].length);
    };
  }

  /**
   * A headline: `row`'s value of `ratioOf[0]` ÷ that of `ratioOf[1]`, taken within each round
   * (paired), summarized as the median and range over the rounds; or, with `absolute`, the
   * values of `ratioOf[0]` themselves. `target: { max | min }` holds against the median;
   * `note()` may say what qualifies the figure (e.g. the reference was not saturated).
   */
  headline(spec) {
    if (!this.headlines.some((h) => h.key === spec.key)) this.headlines.push(spec);
  }

  /** Marks a row as not measurable in this build, with the reason shown in its cells. */
  unavailable(key, stack, reason) {
    const stored = this.rows.get(key);
    if (stored) (stored.unavailable ??= {})[stack] = reason;
  }

  /** The ratios top ÷ bottom of `rowKey`, one per round that measured both. */
  pairedRatios(rowKey, top, bottom) {
    const row = this.rows.get(rowKey);
    if (!row || row.unavailable?.[top] || row.unavailable?.[bottom]) return [];
    const byRound = (stack) => new Map((row.rounds[stack] ?? []).map((round, i) => [round, row.values[stack][i]]));
    const tops = byRound(top);
    const bottoms = byRound(bottom);
    const ratios = [];
    for (const [round, value] of tops) {
      const under = bottoms.get(round);
      if (Number.isFinite(value) && Number.isFinite(under) && under !== 0) ratios.push(value / under);
    }
    return ratios;
  }

  note(text) {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** A titled block of Markdown for RESULTS.md (profiles, output of a helper). */
  section(title, body) {
    this.sections.push({ title, body });
  }
}
