export interface RowSpec {
  key: string;
  scenario: string;
  metric: string;
  better: 'higher' | 'lower';
  target?: { min?: number; max?: number; below?: number };
  ratioOf?: [string, string];
  derived?: { top: string; bottom: string };
}
export declare class Figures {
  rows: Map<string, RowSpec & { values: Record<string, number[]>; unavailable?: Record<string, string> }>;
  notes: string[];
  sections: { title: string; body: string }[];
  row(row: RowSpec): (stack: string, value: number) => void;
  unavailable(key: string, stack: string, reason: string): void;
  note(text: string): void;
  section(title: string, body: string): void;
}
