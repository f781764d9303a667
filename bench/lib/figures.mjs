// Collects one value per run for each (row, stack) and the notes that go under the table.

export class Figures {
  constructor() {
    this.rows = new Map();
    this.notes = [];
    this.sections = [];
  }

  /**
   * Declares a row (idempotent) and returns a function that records one run's value for a stack.
   * @param row { key, scenario, metric, better: 'higher'|'lower', target?: { max?|min? } }
   */
  row(row) {
    if (!this.rows.has(row.key)) this.rows.set(row.key, { ...row, values: {} });
    const stored = this.rows.get(row.key);
    return (stack, value) => (stored.values[stack] ??= []).push(value);
  }

  /** Marks a row as not measurable in this build, with the reason shown in its cells. */
  unavailable(key, stack, reason) {
    const stored = this.rows.get(key);
    if (stored) (stored.unavailable ??= {})[stack] = reason;
  }

  note(text) {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** A titled block of Markdown for RESULTS.md (profiles, raw output of a helper). */
  section(title, body) {
    this.sections.push({ title, body });
  }
}
