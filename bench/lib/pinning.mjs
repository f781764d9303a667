// Pins the server under test to one core and the load to the others, where `taskset` exists
// and the machine has two cores or more: the server then never competes with its own load for
// a core, and its CPU time per message is not inflated by migrations. BENCH_PIN=0 turns it off.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

let available;

function canPin() {
  if (available !== undefined) return available;
  available = false;
  if (process.env.BENCH_PIN === '0' || os.cpus().length < 2) return available;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'pipe' });
    available = true;
  } catch {}
  return available;
}

/** The cores of each side: the server gets core 0, the load every other core. */
export function cores() {
  if (!canPin()) return undefined;
  const count = os.cpus().length;
  return { server: '0', load: count === 2 ? '1' : `1-${count - 1}` };
}

/** Pins every thread of `pid` (V8's and libuv's too) to `list`; false when it could not. */
export function pin(pid, list) {
  if (!list || !canPin()) return false;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', list, String(pid)], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

export function pinningNote() {
  const c = cores();
  return c
    ? `each server pinned to core ${c.server} and the load processes to core(s) ${c.load} (taskset)`
    : 'no pinning (taskset missing, one core, or BENCH_PIN=0): server and load float over the cores';
}
