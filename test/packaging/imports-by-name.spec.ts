import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// `import … from '…'`, `export … from '…'`, `import('…')`, `require('…')`.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;

// Everything outside the packages uses them as an app would: by package name, through the
// workspace, never by a path into libs/*/src or libs/*/dist (which would pass here and fail
// for a user). Code that measures a package's internals lives in that package.
it('nothing outside libs/ imports the packages by path', () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => /\.(m?[jt]s|tsx?)$/.test(file) && !file.startsWith('libs/') && !file.includes('node_modules/'));
  expect(files.length).toBeGreaterThan(100);
  const offending: string[] = [];
  for (const file of files) {
    for (const match of readFileSync(`${ROOT}${file}`, 'utf8').matchAll(SPECIFIER)) {
      if (/(^|\/)libs\/rain-(sockets|client)\//.test(match[2]!)) offending.push(`${file}: ${match[2]}`);
    }
  }
  expect(offending).toEqual([]);
});
