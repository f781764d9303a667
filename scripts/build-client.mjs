#!/usr/bin/env node
// Builds rain-client into libs/rain-client/dist:
//   rain-client.js  the browser bundle the server serves at GET /rain/client.js
//                   (IIFE, global `RainClient`, socket.io-client inside);
//   esm/            the ESM package with its .d.ts, for Node and bundlers.
// Usage: node scripts/build-client.mjs [--browser-only | --package-only]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const lib = fileURLToPath(new URL('../libs/rain-client/', import.meta.url));
export const BROWSER_BUNDLE = `${lib}dist/rain-client.js`;

export async function buildBrowserBundle(outfile = BROWSER_BUNDLE) {
  await build({
    entryPoints: [`${lib}src/browser.ts`],
    bundle: true,
    format: 'iife',
    globalName: 'RainClient',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

export function buildPackage() {
  rmSync(`${lib}dist/esm`, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', `${lib}tsconfig.json`], { stdio: 'inherit' });
  return `${lib}dist/esm`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!process.argv.includes('--package-only')) console.log(`rain-client: browser bundle ${await buildBrowserBundle()}`);
  if (!process.argv.includes('--browser-only')) console.log(`rain-client: ESM package ${buildPackage()}`);
}
