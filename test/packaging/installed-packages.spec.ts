import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appLockfile, missingFromCache } from './app-lockfile.js';
import { packageImports } from './import-graph.js';
import { type PackedPackage, packPackage, stagePackages } from './pack-package.js';
import { childEnv, describeRun, runCommand } from './run-command.js';

// A publisher's check of rain-sockets and rain-client: both packed as `npm publish` would
// pack them, installed into a new Nest app outside the repository (fixtures/app, as
// `nest new` makes one, ESM), which then typechecks, starts, serves and runs its own e2e
// test with rain-sockets/testing. Nothing comes from the network: the app's other packages
// come from npm's cache, filled by the repository's own `npm ci`.

const repo = fileURLToPath(new URL('../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/app/', import.meta.url));
const REDIS_PACKAGES = ['redis', '@redis/client', 'connect-redis', '@socket.io/redis-adapter', '@socket.io/redis-streams-adapter'];
const TELEMETRY_PACKAGES = ['@opentelemetry/api', '@opentelemetry/sdk-metrics', '@opentelemetry/exporter-prometheus', '@nestjs/terminus'];

describe('rain-sockets and rain-client, packed and installed into a new Nest app', () => {
  let work: string;
  let app: string;
  let sockets: PackedPackage;
  let client: PackedPackage;
  const running = new Set<ChildProcess>();

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'rain-packaging-'));
    const packs = join(work, 'packs');
    mkdirSync(packs);
    const staged = stagePackages(repo, ['libs/rain-sockets', 'libs/rain-client'], join(work, 'stage'));
    [sockets, client] = await Promise.all(staged.map((dir) => packPackage(dir, packs)));

    app = join(work, 'app');
    cpSync(fixture, app, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    for (const { manifest: own, tarball } of [sockets, client]) manifest.dependencies[own.name] = `file:${posix.relative(app, tarball)}`;
    writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const lock = appLockfile(JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')), manifest, app, [sockets, client]);
    writeFileSync(join(app, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);

    const cache = (await runCommand('npm', ['config', 'get', 'cache'], { cwd: app, timeoutMs: 30_000 })).output.trim();
    const missing = missingFromCache(lock, cache);
    if (missing.length > 0) {
      throw new Error(`npm's cache (${cache}) lacks packages the app installs offline: ${missing.join(', ')}. Run npm ci in the repository first.`);
    }
    const install = await runCommand('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--loglevel', 'error'], { cwd: app, timeoutMs: 180_000 });
    if (install.code !== 0) {
      // make-fetch-happen's words for a request that the cache cannot answer offline.
      const notCached = [...install.output.matchAll(/request to (\S+) failed: cache mode is 'only-if-cached'/g)].map((m) => m[1]);
      throw new Error(
        (notCached.length ? `npm's cache lacks ${notCached.join(', ')}: run npm ci in the repository first.\n` : '') +
          describeRun('npm ci --offline in the new app', install),
      );
    }
  }, 300_000);

  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await Promise.all([...running].map((child) => (child.exitCode === null && child.signalCode === null ? once(child, 'exit') : undefined)));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each([
    ['rain-sockets', () => sockets],
    ['rain-client', () => client],
  ])('%s: the tarball holds the build, its maps and sources, and the package files, and no test', (_, packed) => {
    const { files } = packed();
    for (const file of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE']) expect(files).toContain(file);
    expect(files.filter((file) => /\.spec\.|(^|\/)(test|tests|fixtures)\/|\.tsbuildinfo$/.test(file))).toEqual([]);
    // Every compiled module has its declaration and both maps; every map's sources are in the tarball.
    const modules = files.filter((file) => /^dist\/.*\.js$/.test(file) && file !== 'dist/rain-client.js');
    expect(modules.length).toBeGreaterThan(10);
    for (const js of modules) {
      expect(files).toEqual(expect.arrayContaining([`${js}.map`, js.replace(/\.js$/, '.d.ts'), js.replace(/\.js$/, '.d.ts.map')]));
    }
  });

  it.each([
    ['rain-sockets', () => sockets, ['.', './testing', './otel', './package.json']],
    ['rain-client', () => client, ['.', './browser', './package.json']],
  ])('%s: every export and every condition points at a file of the tarball', (_, packed, subpaths) => {
    const { files, manifest } = packed();
    expect(Object.keys(manifest.exports ?? {})).toEqual(subpaths);
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const conditions = typeof target === 'string' ? { default: target } : target;
      for (const [condition, file] of Object.entries(conditions)) {
        expect(files, `exports['${subpath}'].${condition}`).toContain(file.replace(/^\.\//, ''));
      }
    }
  });

  it.each([
    ['rain-sockets', () => sockets],
    ['rain-client', () => client],
  ])('%s: every source file ships compiled, and every map finds its sources', (_, packed) => {
    const { manifest, files } = packed();
    const root = join(app, 'node_modules', manifest.name);
    const mapped = new Set<string>();
    const unresolved: string[] = [];
    for (const map of files.filter((file) => file.endsWith('.map'))) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      sources.forEach((source, i) => {
        const path = posix.join(posix.dirname(map), source);
        mapped.add(path);
        if (sourcesContent?.[i] == null && !files.includes(path)) unresolved.push(`${map}: ${source}`);
      });
    }
    expect(unresolved).toEqual([]);
    expect(files.filter((file) => file.startsWith('src/') && !mapped.has(file))).toEqual([]);
  });

  it('rain-sockets: its main entry imports an optional peer only when an option needs it; the testing kit needs socket.io-client', () => {
    const root = join(app, 'node_modules/rain-sockets');
    const optional = Object.keys(sockets.manifest.peerDependenciesMeta ?? {}).filter((name) => sockets.manifest.peerDependenciesMeta![name].optional);
    const loadedBy = (entry: string) => {
      const imports = packageImports(join(root, entry));
      return Object.fromEntries(optional.map((name) => [name, imports.get(name) ?? 'never']));
    };
    expect(loadedBy(sockets.manifest.main!)).toEqual({
      // Only with a @WebSocketGateway on the component sockets' path.
      '@nestjs/platform-socket.io': 'dynamic',
      // The health indicator answers in terminus's shape without importing it.
      '@nestjs/terminus': 'never',
      '@opentelemetry/api': 'dynamic',
      '@opentelemetry/exporter-prometheus': 'dynamic',
      '@opentelemetry/sdk-metrics': 'dynamic',
      '@socket.io/redis-adapter': 'dynamic',
      '@socket.io/redis-streams-adapter': 'dynamic',
      '@swc/core': 'never',
      redis: 'dynamic',
      'socket.io-client': 'never',
    });
    expect(loadedBy('dist/testing/index.js')['socket.io-client']).toBe('static');
    // The file that starts an app's SDK imports rain-sockets/otel before anything is instrumented: it loads no package at all.
    expect([...packageImports(join(root, 'dist/otel/index.js')).keys()]).toEqual([]);
  });

  it('installs none of the optional peers: no Redis package, no OpenTelemetry, no terminus, no @swc/core', () => {
    const installed = [...REDIS_PACKAGES, ...TELEMETRY_PACKAGES, '@swc/core'].filter((name) => existsSync(join(app, 'node_modules', name)));
    expect(installed).toEqual([]);
  });

  it('typechecks (strict, with skipLibCheck off) and builds', async () => {
    const tsc = await runCommand(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { cwd: app, timeoutMs: 180_000 });
    expect(tsc.code, describeRun('tsc -p tsconfig.json', tsc)).toBe(0);
  }, 200_000);

  it('starts with forRoot() and no argument: a component socket answers, and /rain/client.js is the installed bundle', async () => {
    const { url } = await startApp('dist/src/main.js');
    const socket = io(`${url}/chat/1.0.0/chat`, { transports: ['websocket'], reconnection: false, forceNew: true });
    const hello = new Promise((resolve) => socket.once('hello', resolve));
    try {
      await connected(socket);
      expect(await hello).toEqual({ message: 'Hello stranger!' });
      expect(await socket.timeout(5_000).emitWithAck('say', { text: 'hi' })).toEqual({ from: 'stranger', text: 'hi' });
    } finally {
      socket.close();
    }
    const bundle = await fetch(`${url}/rain/client.js`);
    expect(bundle.status).toBe(200);
    expect(await bundle.text()).toBe(readFileSync(join(app, 'node_modules/rain-client/dist/rain-client.js'), 'utf8'));
  }, 60_000);

  it('with the cluster option but no redis package, stops at start-up naming the package to install', async () => {
    // A Redis that never answers: were redis installed, the app would fail on the connection instead.
    const env = childEnv({ PORT: '0', REDIS_URL: 'redis://127.0.0.1:1' });
    const started = await runCommand(process.execPath, ['dist/src/cluster-main.js'], { cwd: app, env, timeoutMs: 60_000 });
    expect(started.code, started.output).toBe(1);
    expect(started.output).toContain('MissingPeerDependencyError');
    expect(started.output).toContain(
      'RainSocketsModule: the "cluster" option needs the package "redis", which is not installed. Install it next to rain-sockets: npm install redis',
    );
  }, 90_000);

  it('require() from CommonJS loads both packages', async () => {
    const required = await runCommand(process.execPath, ['require.cjs'], { cwd: app, timeoutMs: 60_000 });
    expect(required.code, required.output).toBe(0);
    expect(required.output).toContain(JSON.stringify({ RainSocketsModule: 'function', createRainClient: 'function' }));
  }, 90_000);

  it("passes the app's own e2e test, written with rain-sockets/testing and run by Vitest", async () => {
    const vitest = await runCommand(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', './vitest.config.e2e.ts'], {
      cwd: app,
      env: childEnv({ CI: 'true' }),
      timeoutMs: 180_000,
    });
    expect(vitest.code, describeRun('vitest run --config ./vitest.config.e2e.ts', vitest)).toBe(0);
    expect(vitest.output).toMatch(/Tests\s+2 passed \(2\)/);
  }, 200_000);

  /** Starts `entry` of the app with node on a free port; resolves once it listens. */
  async function startApp(entry: string): Promise<{ url: string }> {
    const child = spawn(process.execPath, [entry], { cwd: app, env: childEnv({ PORT: '0' }), stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.once('exit', () => running.delete(child));
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${entry} did not listen within 60 s:\n${output}`)), 60_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const listening = /listening on (http:\/\/\S+)/.exec(output);
        if (listening) {
          clearTimeout(timer);
          resolve({ url: listening[1] });
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${entry} exited (${code}) before listening:\n${output}`));
      });
    });
  }

  function connected(socket: Socket): Promise<void> {
    return new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
  }
});
