import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/typed-usage.ts', import.meta.url));
const DIRECTIVE = /^(\s*)\/\/ @ts-expect-error: (.+)$/;

interface Expected {
  /** 1-based line of the code that must fail (the line after the directive). */
  line: number;
  text: string;
}

/**
 * Compiles the fixture with the project's compiler options, its `@ts-expect-error` lines
 * blanked out, and returns each error by line. Blanking (rather than trusting the
 * directive) proves each line fails for the reason written next to it.
 */
function compileWithoutDirectives(): { expected: Expected[]; errors: Map<number, string[]> } {
  const lines = readFileSync(fixture, 'utf8').split('\n');
  const expected: Expected[] = [];
  const stripped = lines.map((line, index) => {
    const match = DIRECTIVE.exec(line);
    if (!match) return line;
    expected.push({ line: index + 2, text: match[2]! });
    return '';
  });
  const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (file) => (file === fixture ? stripped.join('\n') : readFile(file));
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, onError) =>
    file === fixture ? ts.createSourceFile(file, stripped.join('\n'), language) : getSourceFile(file, language, onError);
  const program = ts.createProgram([fixture], config.options, host);
  const source = program.getSourceFile(fixture)!;
  const errors = new Map<number, string[]>();
  for (const diagnostic of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
    const line = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1;
    errors.set(line, [...(errors.get(line) ?? []), ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')]);
  }
  return { expected, errors };
}

describe('typed events end to end (compile-time)', () => {
  const { expected, errors } = compileWithoutDirectives();

  it('checks a good number of wrong usages on the server, the client and the testing kit', () => {
    expect(expected.length).toBeGreaterThanOrEqual(12);
  });

  it('compiles every right usage: the server handlers, getSocket<ChatEvents>, the typed and untyped test clients', () => {
    const wanted = new Set(expected.map((e) => e.line));
    const unexpected = [...errors].filter(([line]) => !wanted.has(line));
    expect(unexpected).toEqual([]);
  });

  it('fails to compile each wrong event name or payload, for the reason written next to it', () => {
    const misses = expected
      .filter(({ line, text }) => !(errors.get(line) ?? []).some((message) => message.includes(text)))
      .map(({ line, text }) => ({ line, text, got: errors.get(line) ?? 'no error' }));
    expect(misses).toEqual([]);
  });
});
