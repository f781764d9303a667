#!/usr/bin/env node
// Builds rain-client into its dist/:
//   rain-client.js  the browser bundle rain-sockets serves at GET /rain/client.js
//                   (IIFE, global `RainClient`, socket.io-client inside);
//   esm/            the ESM package with its .d.ts and source maps, for Node and bundlers.
// Usage: node scripts/build.mjs [--browser-only | --package-only]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const lib = fileURLToPath(new URL('../', import.meta.url));
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
    sourcemap: 'linked',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

export function buildPackage() {
  rmSync(`${lib}dist/esm`, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', `${lib}tsconfig.build.json`], { stdio: 'inherit' });
  return `${lib}dist/esm`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!process.argv.includes('--package-only')) console.log(`rain-client: browser bundle ${await buildBrowserBundle()}`);
  if (!process.argv.includes('--browser-only')) console.log(`rain-client: ESM package ${buildPackage()}`);
}
