import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiReferencePages, docPages } from './doc-pages.js';
import { anchorsOf, relativeLinks } from './markdown-links.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

// Files the docs link to that other branches of the 0.2.0 work add (the guides on gateways,
// benchmarks, reliability and operations, the examples, the license). Each one leaves this
// list when it lands: the last test fails while a listed file exists.
const PENDING: string[] = [];

const pages = [
  ...docPages(root),
  ...['CHANGELOG.md', 'DEVELOPERS.md', 'SECURITY.md'],
  ...apiReferencePages(root),
  ...['rain-sockets', 'rain-client'].map((name) => `libs/${name}/CHANGELOG.md`),
].filter((page) => existsSync(join(root, page)));

describe('every relative link of the docs reaches a file, and its #anchor a heading there', () => {
  it.each(pages)('%s', (page) => {
    const broken: string[] = [];
    for (const link of relativeLinks(readFileSync(join(root, page), 'utf8'))) {
      const target = relative(root, normalize(join(dirname(join(root, page)), link.path)));
      const where = `${page}:${link.line} ${link.path}${link.anchor === undefined ? '' : `#${link.anchor}`}`;
      if (!existsSync(join(root, target))) {
        if (!PENDING.includes(target)) broken.push(`${where}: no such file`);
        continue;
      }
      if (link.anchor === undefined || !target.endsWith('.md') || statSync(join(root, target)).isDirectory()) continue;
      if (!anchorsOf(readFileSync(join(root, target), 'utf8')).has(link.anchor)) broken.push(`${where}: no such heading`);
    }
    expect(broken).toEqual([]);
  });

  it('finds a broken file link and a broken anchor', () => {
    const page = '[ok](#title) [gone](missing.md) [anchor](#nope)\n\n# Title\n\n```text\n[in code](ignored.md)\n```';
    expect(relativeLinks(page)).toEqual([
      { line: 1, path: '', anchor: 'title' },
      { line: 1, path: 'missing.md' },
      { line: 1, path: '', anchor: 'nope' },
    ]);
    expect([...anchorsOf('# Errors the client can read\n## Uploads (`@OnUpload(event)`)\n## Errors the client can read')]).toEqual([
      'errors-the-client-can-read',
      'uploads-onuploadevent',
      'errors-the-client-can-read-1',
    ]);
  });

  it('lists as pending only files that are still missing', () => {
    expect(PENDING.filter((path) => existsSync(join(root, path)))).toEqual([]);
  });
});
