// A redis-server of the bench's own on a free port, without persistence: a scenario that loads
// Redis hard (the 100,000-connection cluster) must not slow down the Redis others share.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createClient } from 'redis';
import { sleep } from './clock.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startOwnRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxclients', '10000'], {
    stdio: 'ignore',
  });
  let failure;
  child.once('error', (error) => (failure = error));
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (failure) throw new Error(`redis-server could not start: ${failure.message}`);
    if (child.exitCode !== null) throw new Error(`redis-server on ${port} exited with ${child.exitCode}`);
    const client = createClient({ url, socket: { connectTimeout: 200, reconnectStrategy: false } });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      await client.quit();
      return {
        url,
        async stop() {
          if (child.exitCode !== null) return;
          child.kill('SIGKILL');
          await new Promise((resolve) => child.once('exit', resolve));
        },
      };
    } catch {
      await client.disconnect().catch(() => {});
      await sleep(50);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server on ${port} did not answer`);
}
