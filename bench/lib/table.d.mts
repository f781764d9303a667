import type { Figures, HeadlineSpec } from './figures.mjs';
export declare function formatNumber(value: number): string;
export declare function headlineValues(figures: Figures, headline: HeadlineSpec): number[];
export declare function headlineSummary(
  figures: Figures,
  headline: HeadlineSpec,
): { values: number[]; median: number; min: number; max: number; verdict: string };
export declare function renderHeadlines(figures: Figures): string;
export declare function renderTable(figures: Figures): string;
export declare function missedTargets(figures: Figures): HeadlineSpec[];
