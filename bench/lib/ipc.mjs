// Request/answer over a child process's IPC channel: every request carries an id, the
// child answers with `re: id`; anything else it sends goes to `onEvent`.
import { fork } from 'node:child_process';

export function forkWithIpc(file, { execArgv = [], env = {}, onEvent = () => {} } = {}) {
  const child = fork(file, { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  let nextId = 1;
  let exited = false;
  child.on('message', (message) => {
    const answer = waiting.get(message?.re);
    if (!answer) return onEvent(message);
    waiting.delete(message.re);
    message.error ? answer.reject(new Error(message.error)) : answer.resolve(message);
  });
  child.on('exit', (code, signal) => {
    exited = true;
    for (const { reject } of waiting.values()) reject(new Error(`${file} exited (${signal ?? code})`));
    waiting.clear();
  });
  return {
    child,
    request(message, timeoutMs = 600_000) {
      if (exited) return Promise.reject(new Error(`${file} has exited`));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${file}: no answer to ${message.cmd ?? message.type} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (value) => resolve(clearTimeout(timer) ?? value),
          reject: (error) => reject(clearTimeout(timer) ?? error),
        });
        child.send({ ...message, id });
      });
    },
    /** Resolves when the child has exited; kills it if it has not within `ms`. */
    exited(ms = 10_000) {
      if (exited || child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), ms);
        child.once('exit', () => resolve(clearTimeout(timer)));
      });
    },
  };
}
