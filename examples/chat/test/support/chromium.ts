import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** The Chromium the browser tests drive: CHROMIUM_PATH, or Debian's. playwright-core never downloads one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let found: boolean | undefined;

/**
 * Whether Chromium is installed. When it is not, prints one loud line (once per test
 * process) so that `describe.skipIf(!hasChromium())` skips visibly; with
 * RAIN_REQUIRE_BROWSER=1 (CI) it throws instead, and the test file fails.
 */
export function hasChromium(): boolean {
  if (found !== undefined) return found;
  found = existsSync(CHROMIUM_PATH);
  if (!found) {
    if (process.env.RAIN_REQUIRE_BROWSER === '1') throw new Error(`RAIN_REQUIRE_BROWSER is set and there is no Chromium at ${CHROMIUM_PATH}.`);
    process.stderr.write(
      `\n*** No Chromium at ${CHROMIUM_PATH}: the browser tests are SKIPPED. Install it (apt-get install chromium) ` +
        'or set CHROMIUM_PATH; set RAIN_REQUIRE_BROWSER=1 to fail instead of skipping.\n\n',
    );
  }
  return found;
}

/** A headless Chromium, with the flags it needs in a container. Close it in `afterAll`. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}
