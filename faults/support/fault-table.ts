import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One line of the fault table: what a scenario sent, what arrived, and what was lost or came
 * twice, counted from numbered messages and writes, never assumed.
 */
export interface FaultRow {
  /** What was done, e.g. "kill -9 one of 2 nodes, 8 receivers, acked broadcasts". */
  scenario: string;
  sent: number;
  received: number;
  lost: number;
  duplicated: number;
  /** The slowest 1% of reconnections after the fault, in ms, where clients had to reconnect. */
  reconnectP99Ms?: number;
  /** Acknowledged session writes missing from the store at the end, where the scenario writes sessions. */
  sessionWritesLost?: number;
  note?: string;
}

/** `npm run faults` runs the scenarios at full size; `npm test` runs their quick form. */
export const FULL = process.env.RAIN_FAULTS === 'full';

/** A scenario's size: small in `npm test`, large in `npm run faults`. */
export const sized = (quick: number, full: number): number => (FULL ? full : quick);

export const ROWS_FILE = fileURLToPath(new URL('../../test-artifacts/faults/rows.jsonl', import.meta.url));

/** Adds a row to this run's table (printed, and in full mode written to docs, at the end of the run). */
export function recordFault(row: FaultRow): void {
  mkdirSync(dirname(ROWS_FILE), { recursive: true });
  appendFileSync(ROWS_FILE, `${JSON.stringify(row)}\n`);
}

export function renderFaultTable(rows: FaultRow[]): string {
  const header = ['scenario', 'sent', 'received', 'lost', 'duplicated', 'reconnect p99', 'session writes lost'];
  const lines = rows.map((row) => [
    row.note ? `${row.scenario} (${row.note})` : row.scenario,
    String(row.sent),
    String(row.received),
    String(row.lost),
    String(row.duplicated),
    row.reconnectP99Ms === undefined ? '–' : `${Math.round(row.reconnectP99Ms)} ms`,
    row.sessionWritesLost === undefined ? '–' : String(row.sessionWritesLost),
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
