import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest globalSetup: builds rain-client's browser bundle once before the tests, for the
 * specs that load GET /rain/client.js (test/client/client-bundle, test/browser).
 */
export default function buildClientBundle(): void {
  const script = fileURLToPath(new URL('../../scripts/build-client.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--browser-only'], { stdio: 'inherit' });
}
