import { copyFileSync, cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describeRun, runCommand } from './run-command.js';

export interface PackageManifest {
  name: string;
  version: string;
  license?: string;
  engines?: Record<string, string>;
  exports?: Record<string, string | Record<string, string>>;
  main?: string;
  types?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface PackedPackage {
  tarball: string;
  /** The tarball's files, relative to the package folder (`dist/index.js`). */
  files: string[];
  /** package.json as it is in the tarball. */
  manifest: PackageManifest;
}

/**
 * Copies the packages' folders (without their dist/) into `stage`, laid out as in the
 * repository (the root tsconfig.base.json beside libs/, the repository's node_modules
 * linked), so that packing builds there: a build in the repository itself would rewrite
 * the dist/ that other suites of the same run read (rain-client's browser bundle).
 */
export function stagePackages(repo: string, packageDirs: string[], stage: string): string[] {
  mkdirSync(join(stage, 'libs'), { recursive: true });
  copyFileSync(join(repo, 'tsconfig.base.json'), join(stage, 'tsconfig.base.json'));
  symlinkSync(join(repo, 'node_modules'), join(stage, 'node_modules'), 'dir');
  return packageDirs.map((dir) => {
    const copy = join(stage, 'libs', basename(dir));
    const source = join(repo, dir);
    cpSync(source, copy, { recursive: true, filter: (path) => path !== join(source, 'dist') && path !== join(source, 'node_modules') });
    return copy;
  });
}

/**
 * `npm pack` as a publisher runs it (its `prepack` builds the package), into `destination`.
 * The file list is read from the tarball itself, not from npm's report of it.
 */
export async function packPackage(packageDir: string, destination: string): Promise<PackedPackage> {
  const { name, version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageManifest;
  const packed = await runCommand('npm', ['pack', '--pack-destination', destination, '--loglevel', 'warn'], { cwd: packageDir, timeoutMs: 120_000 });
  if (packed.code !== 0) throw new Error(describeRun(`npm pack in ${packageDir}`, packed));
  // npm's own name for it: a scope's @ dropped and its / made a dash.
  const tarball = join(destination, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  const listing = await runCommand('tar', ['-tzf', tarball], { cwd: destination, timeoutMs: 30_000 });
  if (listing.code !== 0) throw new Error(describeRun(`tar -tzf ${tarball}`, listing));
  const files = listing.output
    .split('\n')
    .filter(Boolean)
    .map((path) => path.replace(/^package\//, ''));
  const manifest = await runCommand('tar', ['-xzOf', tarball, 'package/package.json'], { cwd: destination, timeoutMs: 30_000 });
  if (manifest.code !== 0) throw new Error(describeRun(`package.json of ${tarball}`, manifest));
  return { tarball, files, manifest: JSON.parse(manifest.output) as PackageManifest };
}
