import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeWithApps } from './test-apps.js';
import { nodeEntryMessage, nodeExitedMessage, nodeStartTimeoutMessage } from './testing.messages.js';
import { tsLoaderImport } from './ts-loader.js';

/** The options of `spawnNode()`. */
export interface SpawnNodeOptions {
  /** Added to this process's environment (REDIS_URL, a key prefix...). */
  env?: Record<string, string>;
  /** Module specifiers mapped to files, as the test runner maps them: `{ '@app/chat': '/app/src/chat/index.ts' }`. */
  aliases?: Record<string, string | URL>;
  /** Extra `node` flags before the entry, e.g. `['--conditions=development']` or `['--import=tsx']`. */
  execArgv?: string[];
  /** How long the node may take to listen. Default 20000 ms. */
  startTimeout?: number;
}

/** An app in a process of its own: the only way to test what happens when a node is killed. */
export interface NodeProcess {
  /** `http://127.0.0.1:port` */
  readonly url: string;
  readonly pid: number;
  /** SIGKILL: no shutdown hook runs, no goodbye is sent; resolves once the process is gone. */
  kill(): Promise<void>;
  /** A graceful `app.close()` in the node, then its exit. */
  close(): Promise<void>;
}

// Runs in the child: imports the entry, starts its app on a free port, reports the URL.
const RUNNER = `
const entry = process.argv[1];
const { default: create } = await import(entry);
if (typeof create !== 'function') throw new Error(${JSON.stringify('__ENTRY__')});
const app = await create();
await app.listen(0);
process.on('message', async (message) => {
  if (message?.type !== 'close') return;
  await app.close();
  process.exit(0);
});
process.on('disconnect', () => process.exit(1));
process.send({ type: 'listening', url: (await app.getUrl()).replace('[::1]', '127.0.0.1') });
`;

/**
 * Starts an app in a child process: `entry` (a .ts or .js file) exports by default a
 * function that returns the app, not listening yet. Resolves once it listens.
 * `closeApps()` closes it (or kills it, when it does not close).
 *
 * @example
 * ```ts
 * // node.entry.ts
 * export default async () => (await Test.createTestingModule({ imports: [...] }).compile()).createNestApplication({ logger: false });
 * // the test
 * const node = await spawnNode(new URL('./node.entry.ts', import.meta.url), { env: { REDIS_URL }, aliases });
 * await node.kill();
 * ```
 */
export async function spawnNode(entry: string | URL, options: SpawnNodeOptions = {}): Promise<NodeProcess> {
  const entryUrl = entry instanceof URL ? entry.href : entry.startsWith('file:') ? entry : pathToFileURL(entry).href;
  const name = fileURLToPath(entryUrl);
  const child = spawn(
    process.execPath,
    [...(options.execArgv ?? []), tsLoaderImport(options.aliases ?? {}), '--input-type=module', '--eval', RUNNER.replace('__ENTRY__', nodeEntryMessage(name)), entryUrl],
    { env: { ...process.env, ...options.env }, stdio: ['ignore', 'inherit', 'pipe', 'ipc'] },
  );
  // Passed through, and its end kept, so that a node that fails to start says why in the error.
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const node = new SpawnedNode(child, exited);
  closeWithApps(node);
  node.url = await listening(child, exited, name, options.startTimeout ?? 20_000, () => stderr).catch(async (error: unknown) => {
    await node.kill();
    throw error;
  });
  return node;
}

class SpawnedNode implements NodeProcess {
  url = '';

  constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<unknown>,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

function listening(
  child: ChildProcess,
  exited: Promise<[number | null, string | null]>,
  name: string,
  ms: number,
  output: () => string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(nodeStartTimeoutMessage(name, ms))), ms);
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message?.type !== 'listening') return;
      clearTimeout(timer);
      resolve(message.url!);
    });
    void exited.then(([code, signal]) => {
      clearTimeout(timer);
      reject(new Error(nodeExitedMessage(name, code, signal, output())));
    });
  });
}
