import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

// `import ... from 'x'` / `export ... from 'x'`, `import 'x'`, and `import('x')` with a literal,
// as tsc writes them into dist/.
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * The packages that the modules reachable from `entry` (built JavaScript) import, each
 * with whether some module imports it statically (loaded with the entry) or only through
 * `import()` (loaded when the code that needs it runs).
 */
export function packageImports(entry: string): Map<string, 'static' | 'dynamic'> {
  const seen = new Set<string>();
  const packages = new Map<string, 'static' | 'dynamic'>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier));
      else if (match[3] === undefined) packages.set(packageName(specifier), 'static');
      else if (!packages.has(packageName(specifier))) packages.set(packageName(specifier), 'dynamic');
    }
  };
  visit(entry);
  return packages;
}

/** `@scope/name/deep/path.js` → `@scope/name`; `name/deep` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
