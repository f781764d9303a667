/**
 * Counts of values per bucket (`bounds` are inclusive upper bounds; the last bucket is open),
 * with their count, sum, min and max: OpenTelemetry's explicit-bucket histogram, kept by us
 * so that recording is a few comparisons and increments, with no allocation and no attribute
 * hashing (the SDK's `Histogram.record` costs about a microsecond and a half per call).
 */
export class BucketHistogram {
  readonly counts: Float64Array;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  record(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    this.counts[i]!++;
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** A copy of the counts, to measure the next interval against. */
  reading(): Float64Array {
    return this.counts.slice();
  }
}

/**
 * The q-quantile (0..1) of what was recorded since `before` (or ever), interpolated inside
 * its bucket; undefined when nothing was. The open last bucket answers its lower bound.
 */
export function quantileSince(histogram: BucketHistogram, q: number, before?: Float64Array): number | undefined {
  const { counts, bounds } = histogram;
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i]! - (before?.[i] ?? 0);
  if (total <= 0) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    const inBucket = counts[i]! - (before?.[i] ?? 0);
    if (inBucket > 0 && seen + inBucket >= rank) {
      const low = i === 0 ? 0 : bounds[i - 1]!;
      const high = bounds[i];
      if (high === undefined) return low;
      return low + ((rank - seen) / inBucket) * (high - low);
    }
    seen += inBucket;
  }
  return bounds[bounds.length - 1];
}
