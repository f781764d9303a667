import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where a Chromium is looked for when CHROMIUM_PATH does not name one. Nothing is ever downloaded. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];

export const chromiumMissingMessage = (looked: string[]) =>
  `No Chromium at ${looked.join(', ')}: the browser tests are SKIPPED. Install one (apt-get install -y chromium) ` +
  'or set CHROMIUM_PATH to its executable; set RAIN_REQUIRE_BROWSER=1 to fail instead of skipping.';

export const chromiumRequiredMessage = (looked: string[]) =>
  `RAIN_REQUIRE_BROWSER is set and no Chromium is at ${looked.join(', ')}: apt-get install -y chromium, or set CHROMIUM_PATH.`;

/**
 * The Chromium executable the browser suites drive: CHROMIUM_PATH, else the first
 * installed of the usual places. When there is none: undefined, after one loud line on
 * stderr, so that `describe.skipIf(!chromiumPath)` skips visibly; with
 * `RAIN_REQUIRE_BROWSER=1` (CI) it throws instead, and the suite fails.
 */
export function testChromium(): string | undefined {
  const looked = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : CANDIDATES;
  const found = looked.find(isExecutable);
  if (found) return found;
  if (process.env.RAIN_REQUIRE_BROWSER === '1') throw new Error(chromiumRequiredMessage(looked));
  process.stderr.write(`\n*** ${chromiumMissingMessage(looked)}\n\n`);
  return undefined;
}

/** Launches it headless, as every browser suite does. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: ARGS });
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
