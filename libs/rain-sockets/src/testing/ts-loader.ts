import { pathToFileURL } from 'node:url';
import { swcMissingMessage } from './testing.messages.js';

/**
 * The `--import` argument that lets a child `node` run the TypeScript of this repository
 * the way Vitest does: `.ts` files compiled by SWC with decorator metadata (which Nest's
 * DI needs, and esbuild drops), `./x.js` specifiers found as `./x.ts`, and `aliases`
 * (e.g. `rain-sockets`) mapped to files. A data: URL, so that it works from the sources
 * and from a build alike; @swc/core is required from `base` (the project).
 */
export function tsLoaderImport(aliases: Record<string, string | URL>, base = pathToFileURL(`${process.cwd()}/`).href): string {
  const config = JSON.stringify({
    base,
    aliases: Object.fromEntries(Object.entries(aliases).map(([name, target]) => [name, toUrl(target)])),
  });
  const hooks = HOOKS.replace('__CONFIG__', config).replace('__SWC_MISSING__', JSON.stringify(swcMissingMessage()));
  const register = `import { register } from 'node:module'; register(${JSON.stringify(dataUrl(hooks))});`;
  return `--import=${dataUrl(register)}`;
}

const dataUrl = (source: string) => `data:text/javascript,${encodeURIComponent(source)}`;
const toUrl = (target: string | URL) => (target instanceof URL ? target.href : target.startsWith('file:') ? target : pathToFileURL(target).href);

const HOOKS = `
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
const { base, aliases } = __CONFIG__;
// Loaded at the first .ts file, so an entry in built JavaScript needs no @swc/core.
let swc;
function compiler() {
  try {
    return (swc ??= createRequire(base)('@swc/core'));
  } catch {
    throw new Error(__SWC_MISSING__);
  }
}
const OPTIONS = {
  sourceMaps: 'inline',
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'es6' },
};
export async function resolve(specifier, context, next) {
  if (Object.hasOwn(aliases, specifier)) return { url: aliases[specifier], shortCircuit: true };
  try {
    return await next(specifier, context);
  } catch (error) {
    const local = /^(\\.|\\/|file:)/.test(specifier) && specifier.endsWith('.js');
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !local) throw error;
    return next(specifier.slice(0, -3) + '.ts', context);
  }
}
export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const filename = fileURLToPath(url);
  const { code } = await compiler().transform(await readFile(filename, 'utf8'), { ...OPTIONS, filename });
  return { format: 'module', source: code, shortCircuit: true };
}
`;
