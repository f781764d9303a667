/** Upper bounds (ms) of the buckets the dashboard reads its quantiles from; the last bucket is open. */
export const LATENCY_BOUNDS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000];

/**
 * Counts of durations per bucket: recording is a few comparisons and one increment, no
 * allocation; quantiles come from the difference of two readings (the last interval).
 */
export class LatencyHistogram {
  readonly counts = new Float64Array(LATENCY_BOUNDS_MS.length + 1);
  sum = 0;

  record(ms: number): void {
    let i = 0;
    while (i < LATENCY_BOUNDS_MS.length && ms > LATENCY_BOUNDS_MS[i]!) i++;
    this.counts[i]!++;
    this.sum += ms;
  }

  /** A copy of the counts, to measure the next interval against. */
  reading(): Float64Array {
    return this.counts.slice();
  }
}

/**
 * The q-quantile (0..1) of what was recorded since `before` (or ever), in ms, interpolated
 * inside its bucket; undefined when nothing was. The open last bucket answers its lower bound.
 */
export function quantileSince(histogram: LatencyHistogram, q: number, before?: Float64Array): number | undefined {
  const counts = histogram.counts;
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]! - (before?.[i] ?? 0);
  if (total <= 0) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const inBucket = counts[i]! - (before?.[i] ?? 0);
    if (inBucket > 0 && seen + inBucket >= rank) {
      const low = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1]!;
      const high = LATENCY_BOUNDS_MS[i];
      if (high === undefined) return low;
      return low + ((rank - seen) / inBucket) * (high - low);
    }
    seen += inBucket;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}
