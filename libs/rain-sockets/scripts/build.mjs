#!/usr/bin/env node
// Builds rain-sockets into its dist/ (ESM, .d.ts, source maps), from a clean folder so that
// a file deleted from src/ never ships from an old build.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const lib = fileURLToPath(new URL('../', import.meta.url));
rmSync(`${lib}dist`, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', `${lib}tsconfig.build.json`], { stdio: 'inherit' });
console.log(`rain-sockets: ${lib}dist`);
