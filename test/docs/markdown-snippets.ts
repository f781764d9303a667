/** One ```ts block of a markdown page, as the snippet checker compiles it. */
export interface Snippet {
  /** The page, relative to the repository root (`docs/sessions.md`). */
  page: string;
  /** The module's name inside the page: its `// file: x.ts` line, else `snippet-L<line>.ts`. */
  file: string;
  /** Markdown line (1-based) of the block's first line of code. */
  line: number;
  /** Columns the fence was indented by (a block inside a list item), removed from `code`. */
  indent: number;
  /** The code, with the fence's indentation removed; line n of it is markdown line `line + n - 1`. */
  code: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)/;
const FILE_NAME = /^\/\/\s*file:\s*(\S+)\s*$/;
const TYPESCRIPT = new Set(['ts', 'typescript']);

/**
 * The ```ts (or ```typescript) blocks of a page. Other fences (```text, ```bash, ```json,
 * ```html) are prose for the reader and are not returned. A block's first line
 * `// file: chat.module.ts` names it, so that other blocks of the page can import it as
 * `./chat.module.js`; a block without one gets a name from its line.
 */
export function extractSnippets(page: string, markdown: string): Snippet[] {
  const lines = markdown.split(/\r?\n/);
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const end = findClosingFence(lines, i + 1, indent.length, fence);
    if (TYPESCRIPT.has(info.toLowerCase())) {
      const body = lines.slice(i + 1, end).map((text) => dedent(text, indent.length));
      const line = i + 2;
      const named = FILE_NAME.exec(body[0] ?? '');
      snippets.push({ page, file: named ? named[1] : `snippet-L${line}.ts`, line, indent: indent.length, code: body.join('\n') });
    }
    i = end;
  }
  return snippets;
}

/** A fence closes with the same character, at least as many of them, and nothing after. */
function findClosingFence(lines: string[], from: number, indent: number, fence: string): number {
  const closing = new RegExp(`^\\s{0,${Math.max(indent, 3)}}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
  for (let j = from; j < lines.length; j++) if (closing.test(lines[j])) return j;
  return lines.length;
}

/** Code in a list item is indented with the fence; the compiler should see it flush left. */
function dedent(text: string, indent: number): string {
  let cut = 0;
  while (cut < indent && text[cut] === ' ') cut++;
  return text.slice(cut);
}
