// Starts one bench server in its own process and talks to it.
import { fileURLToPath } from 'node:url';
import { forkWithIpc } from './ipc.mjs';
import { cores, pin } from './pinning.mjs';

const BENCH = new URL('../', import.meta.url);
const SWC = fileURLToPath(new URL('./swc-register.mjs', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const START_ATTEMPTS = 3;
const RETRY_DELAY_MS = 5_000;

let profiles = 0;

/**
 * @param stack one of STACKS
 * @param env BENCH_* variables for the server (session, cluster, ...)
 * @param profileDir when set, `profile()` records the measured window as a V8 CPU profile there
 * @param pin false: leave it unpinned (several servers at once)
 */
export async function startServer(stack, options = {}) {
  // Others edit the library source while the bench runs: a server that died on a half-saved
  // file gets two more chances before its run is given up.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(stack, options);
    } catch (error) {
      if (attempt === START_ATTEMPTS || !error.exitedEarly) throw error;
      console.warn(`  ! ${error.message}; starting it again in ${RETRY_DELAY_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
    }
  }
}

async function startOnce(stack, { env = {}, profileDir, pin: pinned = true } = {}) {
  const execArgv = ['--expose-gc'];
  if (stack.file.endsWith('.ts')) execArgv.push('--import', SWC);
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
    ipc.child.once('exit', (code) => reject(Object.assign(new Error(`${stack.label} exited with ${code} before it was ready`), { exitedEarly: true }))),
  );
  const info = await Promise.race([ready, early]);
  early.catch(() => {});
  return {
    info,
    pinned: pinned && pin(ipc.child.pid, cores()?.server),
    pid: ipc.child.pid,
    origin: `http://127.0.0.1:${info.port}`,
    /** CPU time used so far (user + system, µs) and memory, after a full GC when `gc`. */
    async stats({ gc = false } = {}) {
      const { cpu, memory } = await ipc.request({ type: 'stats', gc });
      return { cpuUs: cpu.user + cpu.system, memory };
    },
    /** Starts a CPU profile, and returns what stops it (no-ops unless this server is profiled). */
    async profile() {
      if (!profileDir) return async () => {};
      await ipc.request({ type: 'profile' });
      const path = `${profileDir}/${stack.id}-${process.pid}-${++profiles}.cpuprofile`;
      return async () => {
        await ipc.request({ type: 'profile', path });
      };
    },
    /** Writes a heap snapshot (after a full GC) to `path`. */
    async heapSnapshot(path) {
      await ipc.request({ type: 'snapshot', path });
    },
    async stop() {
      await ipc.request({ type: 'stop' }, 15_000).catch(() => ipc.child.kill('SIGKILL'));
      await ipc.exited();
    },
  };
}
