import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/**
 * Runs a command to its end and resolves with its exit and its stdout and stderr together.
 * Never rejects on a non-zero exit: the caller asserts on it and shows the output. Killed
 * after `timeoutMs`, so that a hanging child never outlives the test.
 */
export function runCommand(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}

/** `result` as text for an assertion message: the command line and the end of its output. */
export function describeRun(label: string, result: CommandResult): string {
  const exit = result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`;
  return `${label}: ${exit}\n${result.output.slice(-6_000)}`;
}

/**
 * The environment of a child that runs its own test runner or app: this process's, less
 * what Vitest sets for its workers (a child Vitest would take itself for one of them), and
 * without colours, so that its output reads as plain text.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1' };
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VITEST') && !['TEST', 'NODE_ENV', 'FORCE_COLOR'].includes(name)) env[name] = value;
  }
  return { ...env, ...extra };
}
