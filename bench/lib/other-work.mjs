// How much CPU the rest of the machine used while the bench ran: all cores' busy time (from
// /proc/stat) less this process's and its children's (which the bench started and waited for:
// servers and load processes). The bench's own load would make any load average look busy.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function busySeconds() {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + (cpu[4] ?? 0);
  return (cpu.reduce((a, b) => a + b, 0) - idle) / TICKS_PER_SECOND;
}

function ownSeconds() {
  // Fields after the command name: utime stime cutime cstime are the 12th to 15th.
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0) / TICKS_PER_SECOND;
}

/** A mark to measure from; undefined where /proc is not there. */
export function markOtherWork() {
  try {
    return { busy: busySeconds(), own: ownSeconds(), at: performance.now() };
  } catch {
    return undefined;
  }
}

/** Cores' worth of CPU other processes used on average since `mark`, or undefined. */
export function otherWorkSince(mark) {
  if (!mark) return undefined;
  const end = markOtherWork();
  const seconds = (end.at - mark.at) / 1000;
  return Math.max(0, end.busy - mark.busy - (end.own - mark.own)) / seconds;
}
