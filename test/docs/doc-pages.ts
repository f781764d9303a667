import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Generated from the JSDoc by `npm run docs:api`: its examples are the JSDoc's, not pages' modules. */
const GENERATED = 'docs/api/';

/**
 * Every page whose ```ts blocks a user may copy: the README, the guides in docs/, and each
 * example's and each package's README. Paths relative to `root`, sorted.
 */
export function docPages(root: string): string[] {
  const pages = existsSync(join(root, 'README.md')) ? ['README.md'] : [];
  pages.push(...markdownUnder(root, 'docs').filter((page) => !page.startsWith(GENERATED)));
  for (const parent of ['examples', 'libs']) {
    for (const child of folders(join(root, parent))) {
      const readme = `${parent}/${child}/README.md`;
      if (existsSync(join(root, readme))) pages.push(readme);
    }
  }
  return pages.sort();
}

/** The pages of the generated API reference (docs/api/), relative to `root`, sorted. */
export function apiReferencePages(root: string): string[] {
  return markdownUnder(root, 'docs').filter((page) => page.startsWith(GENERATED)).sort();
}

function markdownUnder(root: string, folder: string): string[] {
  if (!existsSync(join(root, folder))) return [];
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md'))
    .map((path) => `${folder}/${path.split('\\').join('/')}`);
}

function folders(path: string): string[] {
  if (!existsSync(path)) return [];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
    .map((entry) => entry.name);
}
