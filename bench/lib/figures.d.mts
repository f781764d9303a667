export interface RowSpec {
  key: string;
  scenario: string;
  metric: string;
  better: 'higher' | 'lower';
  derived?: { top: string; bottom: string };
}
export interface HeadlineSpec {
  key: string;
  scenario: string;
  metric: string;
  row: string;
  ratioOf: [string, string];
  target?: { min?: number; max?: number };
  absolute?: boolean;
  note?: () => string | undefined;
}
export declare class Figures {
  rows: Map<string, RowSpec & { values: Record<string, number[]>; rounds: Record<string, number[]>; unavailable?: Record<string, string> }>;
  headlines: HeadlineSpec[];
  notes: string[];
  sections: { title: string; body: string }[];
  row(row: RowSpec): (stack: string, value: number, round?: number) => void;
  headline(spec: HeadlineSpec): void;
  unavailable(key: string, stack: string, reason: string): void;
  pairedRatios(rowKey: string, top: string, bottom: string): number[];
  note(text: string): void;
  section(title: string, body: string): void;
}
