import type { Figures, RowSpec } from './figures.mjs';
export declare function formatNumber(value: number): string;
export declare function renderTable(figures: Figures): string;
export declare function missedTargets(figures: Figures): RowSpec[];
