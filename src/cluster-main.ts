import { type ChildProcess, fork } from 'node:child_process';

/**
 * `npm run start:cluster`: two demo nodes, on ports 3000 and 3001 (PORTS=3000,3001), sharing
 * the Redis at REDIS_URL (default redis://127.0.0.1:6379): sockets, rooms and the session
 * are the same whichever node a tab talks to. Open both ports side by side.
 */
const ports = (process.env.PORTS ?? '3000,3001').split(',').map((port) => port.trim());
const main = new URL('./main.js', import.meta.url);
const nodes: ChildProcess[] = ports.map((port) =>
  fork(main, { env: { ...process.env, PORT: port, RAIN_DEMO_CLUSTER: '1' } }),
);

let stopping = false;
for (const [index, node] of nodes.entries()) {
  node.on('exit', (code, signal) => {
    if (!stopping) console.error(`demo node on port ${ports[index]} exited (${signal ?? code}); stopping the other one.`);
    stop();
  });
}

function stop(): void {
  if (stopping) return;
  stopping = true;
  for (const node of nodes) if (node.exitCode === null && node.signalCode === null) node.kill('SIGTERM');
}

process.on('SIGINT', stop);
process.on('SIGTERM', stop);
console.log(`rain-sockets cluster demo: ${ports.map((port) => `http://localhost:${port}`).join(' and ')} on ${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}`);
