#!/usr/bin/env node
// Removes the folders it is given (relative to the repository), so a build never ships stale files.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
for (const folder of process.argv.slice(2)) rmSync(new URL(folder, `file://${root}`), { recursive: true, force: true });
