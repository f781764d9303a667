import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { PackageManifest, PackedPackage } from './pack-package.js';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

interface Lockfile {
  name: string;
  version: string;
  lockfileVersion: number;
  requires: true;
  packages: Record<string, LockEntry>;
}

interface AppManifest {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/**
 * The app's package-lock.json: the tarballs, and of the repository's own lock exactly the
 * packages the app needs (its dependencies, theirs, and the peers npm installs, which are
 * the non-optional ones). So `npm ci --offline` installs what the repository's `npm ci` put
 * in npm's cache, at the versions it resolved, and no optional peer the app did not ask for.
 * (A fresh `npm install` would ask the registry for the newest version of every range.)
 */
export function appLockfile(repoLock: Lockfile, app: AppManifest, appDir: string, packed: PackedPackage[]): Lockfile {
  const own = new Map(packed.map((p) => [p.manifest.name, p]));
  const found = new Set<string>();
  const notInLock: string[] = [];
  const visit = (from: string, needs: Need[]) => {
    for (const { name, optional } of needs) {
      if (own.has(name)) continue;
      const path = locate(repoLock.packages, from, name);
      if (!path) {
        // npm leaves out an optional dependency it cannot have (another platform's binary).
        if (!optional) notInLock.push(`${name} (needed by ${from || app.name})`);
        continue;
      }
      if (found.has(path)) continue;
      found.add(path);
      visit(path, installs(repoLock.packages[path]));
    }
  };
  visit('', [...Object.keys(app.dependencies), ...Object.keys(app.devDependencies)].map((name) => ({ name, optional: false })));
  for (const { manifest } of packed) visit('', installs(manifest));
  if (notInLock.length > 0) {
    throw new Error(`The repository's package-lock.json lacks packages the app needs (run npm install in the repository): ${notInLock.join(', ')}`);
  }

  const packages: Record<string, LockEntry> = {
    '': { name: app.name, version: app.version, dependencies: app.dependencies, devDependencies: app.devDependencies },
  };
  for (const path of [...found].sort()) packages[path] = repoLock.packages[path];
  for (const { manifest, tarball } of packed) {
    packages[`node_modules/${manifest.name}`] = {
      version: manifest.version,
      resolved: `file:${relative(appDir, tarball)}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
      license: manifest.license,
      dependencies: manifest.dependencies,
      peerDependencies: manifest.peerDependencies,
      peerDependenciesMeta: manifest.peerDependenciesMeta,
      engines: manifest.engines,
    };
  }
  return { name: app.name, version: app.version, lockfileVersion: 3, requires: true, packages };
}

interface Need {
  name: string;
  optional: boolean;
}

/** What npm installs for a package: its dependencies, optional ones included, and its non-optional peers. */
function installs(entry: LockEntry | PackageManifest): Need[] {
  const { dependencies = {}, peerDependencies = {}, peerDependenciesMeta = {} } = entry;
  const optional = 'optionalDependencies' in entry ? (entry.optionalDependencies ?? {}) : {};
  return [
    ...Object.keys(dependencies).map((name) => ({ name, optional: false })),
    ...Object.keys(optional).map((name) => ({ name, optional: true })),
    ...Object.keys(peerDependencies)
      .filter((name) => !peerDependenciesMeta[name]?.optional)
      .map((name) => ({ name, optional: false })),
  ];
}

/** Node's lookup in a lock: `from/node_modules/name`, then in each folder above it. */
function locate(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const path = `${base ? `${base}/` : ''}node_modules/${name}`;
    const entry = packages[path];
    if (entry && !entry.link) return path;
    if (!base) return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

/**
 * The `name@version` of every package of `lock` that npm must install (optional ones, such
 * as other platforms' binaries, aside) whose tarball is not in npm's cache at `cacheDir`.
 * cacache keeps contents by their integrity: content-v2/sha512/ab/cd/ef....
 */
export function missingFromCache(lock: Lockfile, cacheDir: string): string[] {
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path || entry.optional || entry.resolved?.startsWith('file:') || !entry.integrity?.startsWith('sha512-')) continue;
    const hex = Buffer.from(entry.integrity.slice('sha512-'.length), 'base64').toString('hex');
    if (!existsSync(join(cacheDir, '_cacache', 'content-v2', 'sha512', hex.slice(0, 2), hex.slice(2, 4), hex.slice(4)))) {
      missing.push(`${path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`);
    }
  }
  return missing;
}
