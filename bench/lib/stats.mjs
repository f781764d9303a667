// Latency histograms that merge across worker processes, and the run-to-run summary.

const GROWTH = 1.01; // 1% wide buckets: percentiles within 1%, a fixed small size to send over IPC
const LOG_GROWTH = Math.log(GROWTH);

export class Histogram {
  constructor(counts = new Map()) {
    this.counts = counts;
    this.total = 0;
    for (const n of counts.values()) this.total += n;
  }

  /** A value in microseconds (anything below 1 counts as 1). */
  record(us) {
    const bucket = us <= 1 ? 0 : Math.floor(Math.log(us) / LOG_GROWTH);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total++;
  }

  merge(other) {
    for (const [bucket, n] of other.counts) this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + n);
    this.total += other.total;
    return this;
  }

  /** The p-th percentile (0..100), in microseconds, at the middle of its bucket. */
  percentile(p) {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (const bucket of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bucket);
      if (seen >= rank) return GROWTH ** (bucket + 0.5);
    }
    return NaN;
  }

  toJSON() {
    return [...this.counts];
  }

  static fromJSON(entries) {
    return new Histogram(new Map(entries));
  }
}

/** Exact percentile of a small sample (e.g. one figure per broadcast). */
export function percentileOf(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Median of the runs and the spread: the largest distance of a run from it, relative to it. */
export function summarize(runs) {
  const values = runs.filter((v) => Number.isFinite(v));
  if (values.length === 0) return { median: NaN, spread: NaN, runs: 0 };
  const median = percentileMedian(values);
  const spread = median === 0 ? 0 : Math.max(...values.map((v) => Math.abs(v - median))) / Math.abs(median);
  return { median, spread, runs: values.length };
}

function percentileMedian(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
