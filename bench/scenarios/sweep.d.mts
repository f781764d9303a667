export declare function parseSweepOutput(text: string): { size: number; worstMs: number }[];
export declare const sweep: { id: string; run(bench: unknown): Promise<void> };
