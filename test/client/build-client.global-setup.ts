import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Vitest globalSetup: builds rain-client's browser bundle once before the tests, for the
 * specs that load GET /rain/client.js (test/client/client-bundle, test/browser). The
 * package's own build script, as `npm run build` in libs/rain-client runs it.
 */
export default function buildClientBundle(): void {
  const script = fileURLToPath(new URL('../../libs/rain-client/scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [script, '--browser-only'], { stdio: 'inherit' });
}
