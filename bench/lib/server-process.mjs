// Starts one bench server in its own process and talks to it.
import { fileURLToPath } from 'node:url';
import { forkWithIpc } from './ipc.mjs';

const BENCH = new URL('../', import.meta.url);
const SWC = fileURLToPath(new URL('./swc-register.mjs', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

/**
 * @param stack one of STACKS
 * @param env BENCH_* variables for the server (session, cluster, ...)
 * @param profileDir when set, the server writes a V8 CPU profile there on exit
 */
export async function startServer(stack, { env = {}, profileDir } = {}) {
  const execArgv = ['--expose-gc'];
  if (stack.file.endsWith('.ts')) execArgv.push('--import', SWC);
  if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  let onReady;
  const ready = new Promise((resolve, reject) => {
    onReady = resolve;
    setTimeout(() => reject(new Error(`${stack.label} did not start within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS).unref();
  });
  const ipc = forkWithIpc(fileURLToPath(new URL(stack.file, BENCH)), {
    execArgv,
    env,
    onEvent: (message) => message?.type === 'ready' && onReady(message),
  });
  const early = new Promise((_, reject) =>
    ipc.child.once('exit', (code) => reject(new Error(`${stack.label} exited with ${code} before it was ready`))),
  );
  const info = await Promise.race([ready, early]);
  early.catch(() => {});
  return {
    info,
    origin: `http://127.0.0.1:${info.port}`,
    /** CPU time used so far (user + system, µs) and memory, after a full GC when `gc`. */
    async stats({ gc = false } = {}) {
      const { cpu, memory } = await ipc.request({ type: 'stats', gc });
      return { cpuUs: cpu.user + cpu.system, memory };
    },
    async stop() {
      await ipc.request({ type: 'stop' }, 15_000).catch(() => ipc.child.kill('SIGKILL'));
      await ipc.exited();
    },
  };
}
