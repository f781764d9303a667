import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL, type FaultRow, ROWS_FILE, renderFaultTable } from './fault-table.js';

const DOC = fileURLToPath(new URL('../../docs/reliability-faults.md', import.meta.url));

/**
 * Vitest globalSetup: starts each run with an empty fault table and prints it at the end;
 * `npm run faults` (full size) also writes it to docs/reliability-faults.md, never by hand.
 */
export function setup(): void {
  rmSync(ROWS_FILE, { force: true });
}

export function teardown(): void {
  if (!existsSync(ROWS_FILE)) return;
  const rows = readFileSync(ROWS_FILE, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as FaultRow);
  if (rows.length === 0) return;
  const table = renderFaultTable(rows);
  console.log(`\nFault table (${FULL ? 'full' : 'quick'} run, ${new Date().toISOString()}):\n\n${table}\n`);
  if (!FULL) return;
  mkdirSync(dirname(DOC), { recursive: true });
  writeFileSync(
    DOC,
    `# Fault table\n\nWritten by \`npm run faults\` on ${new Date().toISOString().slice(0, 10)} ` +
      `(Node ${process.version}); see [reliability](reliability.md) for what each scenario does.\n\n${table}\n`,
  );
}
