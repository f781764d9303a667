import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, vi } from 'vitest';
import { docPages } from './doc-pages.js';
import { extractSnippets } from './markdown-snippets.js';

// The docs' own e2e tests, run as a reader would run them: every page with a
// `// file: ….e2e-spec.ts` block has its blocks written out as files (beside each other, under
// their `// file:` names) and each of those tests imported here, so that its `it`s run in this
// suite. A quick start whose test no longer passes fails `npm test`, as one that no longer
// compiles fails snippets.spec.ts.
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = fileURLToPath(new URL('./.run/', import.meta.url));
const E2E = /\.e2e-spec\.ts$/;

// A page's test that spawns a node (spawnNode) starts it as a user's would, without this
// repository's FROM_SOURCE: through the environment, its child resolves the packages to their
// sources here too, as this process does, so no build of the packages is needed first.
const nodeOptions = process.env.NODE_OPTIONS;
process.env.NODE_OPTIONS = `${nodeOptions ?? ''} --conditions=rain-source`.trim();
afterAll(() => {
  if (nodeOptions === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = nodeOptions;
});
// Written for a reader's quiet machine; here they share two cores with every other suite.
vi.setConfig({ testTimeout: 60_000 });
afterAll(() => vi.resetConfig());

rmSync(out, { recursive: true, force: true });
for (const page of docPages(root)) {
  const snippets = extractSnippets(page, readFileSync(join(root, page), 'utf8'));
  const tests = snippets.filter((snippet) => E2E.test(snippet.file));
  if (tests.length === 0) continue;
  const folder = join(out, page.replace(/\.md$/, '').replaceAll('/', '__'));
  for (const snippet of snippets) {
    const file = join(folder, snippet.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${snippet.code}\n`);
  }
  describe(page, async () => {
    for (const test of tests) {
      describe(test.file, async () => {
        await import(pathToFileURL(join(folder, test.file)).href);
      });
    }
  });
}
