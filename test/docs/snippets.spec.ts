import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { docPages } from './doc-pages.js';
import { extractSnippets, type Snippet } from './markdown-snippets.js';
import { checkSnippets, formatProblem } from './snippet-program.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// A page with known mistakes, compiled with the others: proves that a wrong block fails, and
// at the line a reader would look at.
const BROKEN = 'test/docs/fixtures/broken-page.md';

const pages = docPages(root);
const read = (page: string): Snippet[] => extractSnippets(page, readFileSync(join(root, page), 'utf8'));

describe('every ```ts block of the docs typechecks against the packages', () => {
  let problems: Map<string, string[]>;

  beforeAll(() => {
    const snippets = [...pages, BROKEN].flatMap(read);
    problems = new Map();
    const found = checkSnippets(root, snippets).sort((a, b) => a.line - b.line || a.column - b.column);
    for (const problem of found) {
      const list = problems.get(problem.page) ?? [];
      list.push(formatProblem(problem));
      problems.set(problem.page, list);
    }
  }, 120_000);

  it.each(pages)('%s', (page) => {
    expect(problems.get(page) ?? []).toEqual([]);
  });

  it('reports a wrong block with its page, line and column, and nothing else', () => {
    expect(problems.get(BROKEN)).toEqual([
      `${BROKEN}:11:3 TS2561 Object literal may only specify known properties, but 'sesion' does not exist in type 'RainSocketsOptions & Partial<{ isGlobal: boolean; }>'. Did you mean to write 'session'?`,
      `${BROKEN}:17:21 TS2305 Module '"./app.module.js"' has no exported member 'ChatGateway'.`,
      `${BROKEN}:30:7 TS2322 Type 'number' is not assignable to type 'string'.`,
      `${BROKEN}:34:1 two blocks are named main.ts (the other at line 16); give each its own // file: name`,
    ]);
    // Reported only for the fixture: no page of the docs is affected by it.
    expect([...problems.keys()].filter((page) => page !== BROKEN && !pages.includes(page))).toEqual([]);
  });

  it('checks the pages users read', () => {
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/component-sockets.md', 'libs/rain-sockets/README.md']));
    expect(read('README.md').length).toBeGreaterThanOrEqual(4);
  });
});

describe('extractSnippets', () => {
  it('takes ```ts and ```typescript blocks, named by their // file: line or by their line', () => {
    const page = [
      '# Title', //                              1
      '```ts', //                                2
      '// file: chat.module.ts', //              3
      "export const a = 1;", //                  4
      '```', //                                  5
      '```text', //                              6
      'not code', //                             7
      '```', //                                  8
      '- a list item', //                        9
      '  ```typescript', //                      10
      "  import { a } from './chat.module.js';", // 11
      '  ```', //                                12
      '````json', //                             13
      '```ts', //                                14
      '{ "inside": "a json fence" }', //         15
      '````', //                                 16
    ].join('\n');
    expect(extractSnippets('docs/x.md', page)).toEqual([
      { page: 'docs/x.md', file: 'chat.module.ts', line: 3, indent: 0, code: '// file: chat.module.ts\nexport const a = 1;' },
      { page: 'docs/x.md', file: 'snippet-L11.ts', line: 11, indent: 2, code: "import { a } from './chat.module.js';" },
    ]);
  });
});
