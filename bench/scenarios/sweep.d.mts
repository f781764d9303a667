export declare function parseSweepJson(report: unknown): {
  sizes: { size: number; worstMs: number; cases: { name: string; ms: number }[] }[];
  incomingNs: number | undefined;
};
export declare const sweep: { id: string; run(bench: unknown): Promise<void> };
