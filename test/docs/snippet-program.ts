import { basename, dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { Snippet } from './markdown-snippets.js';

/** A compiler error in a snippet, placed where the reader sees it: the page, line and column. */
export interface SnippetProblem {
  page: string;
  line: number;
  column: number;
  message: string;
}

/** `docs/sessions.md:42:7 TS2304 Cannot find name 'x'.` */
export function formatProblem(problem: SnippetProblem): string {
  return `${problem.page}:${problem.line}:${problem.column} ${problem.message}`;
}

/**
 * Typechecks every snippet in one TypeScript program, as modules of a virtual folder beside
 * their page (`docs/__snippets__/sessions/chat.module.ts`), so that blocks of one page import
 * each other by their `// file:` names and packages resolve as the repository's own code does:
 * by name through the workspace, with the tsconfig's `rain-source` condition. One program for
 * every page: the packages' sources and types are parsed once.
 */
export function checkSnippets(root: string, snippets: readonly Snippet[]): SnippetProblem[] {
  const problems: SnippetProblem[] = [];
  const byPath = new Map<string, Snippet>();
  for (const snippet of snippets) {
    const path = virtualPath(root, snippet);
    const twin = byPath.get(path);
    if (twin) {
      problems.push({
        page: snippet.page,
        line: snippet.line,
        column: 1,
        message: `two blocks are named ${snippet.file} (the other at line ${twin.line}); give each its own // file: name`,
      });
      continue;
    }
    byPath.set(path, snippet);
  }

  const options = compilerOptions(root);
  const program = ts.createProgram({ rootNames: [...byPath.keys()], options, host: virtualHost(options, byPath) });
  for (const diagnostic of program.getOptionsDiagnostics()) problems.push(unplaced(root, diagnostic));
  for (const diagnostic of program.getGlobalDiagnostics()) problems.push(unplaced(root, diagnostic));
  for (const [path, snippet] of byPath) {
    const file = program.getSourceFile(path);
    if (!file) {
      problems.push({ page: snippet.page, line: snippet.line, column: 1, message: `the compiler did not load ${snippet.file}` });
      continue;
    }
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    for (const diagnostic of diagnostics) problems.push(placed(snippet, file, diagnostic));
  }
  return problems;
}

/** The repository's tsconfig.json, as `npm run typecheck` reads it. */
function compilerOptions(root: string): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${join(root, 'tsconfig.json')}`);
  // Every block is a module of its own, even one without an import, so that two blocks of a
  // page never clash in a shared global scope.
  return { ...parsed.options, noEmit: true, moduleDetection: ts.ModuleDetectionKind.Force };
}

function virtualPath(root: string, snippet: Snippet): string {
  const page = join(root, snippet.page);
  return join(dirname(page), '__snippets__', basename(page, '.md'), snippet.file);
}

/** The disk, plus the snippets as files that exist only in memory. */
function virtualHost(options: ts.CompilerOptions, snippets: ReadonlyMap<string, Snippet>): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const folders = new Set<string>();
  for (const path of snippets.keys()) {
    for (let folder = dirname(path); !folders.has(folder) && dirname(folder) !== folder; folder = dirname(folder)) folders.add(folder);
  }
  const { fileExists, readFile, getSourceFile, directoryExists, realpath } = host;
  return Object.assign(host, {
    fileExists: (path: string) => snippets.has(path) || fileExists.call(host, path),
    readFile: (path: string) => snippets.get(path)?.code ?? readFile.call(host, path),
    directoryExists: (path: string) => folders.has(path) || (directoryExists?.call(host, path) ?? ts.sys.directoryExists(path)),
    realpath: (path: string) => (snippets.has(path) || folders.has(path) ? path : (realpath?.call(host, path) ?? path)),
    getSourceFile: (path: string, language: ts.ScriptTarget | ts.CreateSourceFileOptions, onError?: (message: string) => void, fresh?: boolean) => {
      const snippet = snippets.get(path);
      return snippet ? ts.createSourceFile(path, snippet.code, language, true) : getSourceFile.call(host, path, language, onError, fresh);
    },
  } satisfies Partial<ts.CompilerHost>);
}

function placed(snippet: Snippet, file: ts.SourceFile, diagnostic: ts.Diagnostic): SnippetProblem {
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  return {
    page: snippet.page,
    line: snippet.line + line,
    column: snippet.indent + character + 1,
    message: `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
  };
}

function unplaced(root: string, diagnostic: ts.Diagnostic): SnippetProblem {
  const where = diagnostic.file ? relative(root, diagnostic.file.fileName) : 'tsconfig.json';
  return { page: where, line: 1, column: 1, message: `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}` };
}
