export declare class Histogram {
  constructor(counts?: Map<number, number>);
  readonly total: number;
  record(us: number): void;
  merge(other: Histogram): Histogram;
  percentile(p: number): number;
  toJSON(): [number, number][];
  static fromJSON(entries: [number, number][]): Histogram;
}
export declare function percentileOf(values: number[], p: number): number;
export declare function summarize(runs: number[]): { median: number; spread: number; runs: number };
