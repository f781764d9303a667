import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientApp, startClientApp } from './fixtures/client-app.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/** An app outside the repository with rain-client installed (linked) in its node_modules. */
describe('rain-client as a package', () => {
  let consumer: string;

  beforeAll(() => {
    execFileSync(process.execPath, [join(repo, 'libs/rain-client/scripts/build.mjs'), '--package-only'], { stdio: 'pipe' });
    consumer = mkdtempSync(join(tmpdir(), 'rain-client-consumer-'));
    mkdirSync(join(consumer, 'node_modules'));
    symlinkSync(join(repo, 'libs/rain-client'), join(consumer, 'node_modules/rain-client'), 'dir');
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ type: 'module' }));
  }, 60_000);

  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  describe('in Node, as ESM', () => {
    let server: ClientApp;
    beforeAll(async () => (server = await startClientApp()));
    afterAll(async () => server.app.close());

    it('imports by name and talks to the server', async () => {
      writeFileSync(
        join(consumer, 'main.js'),
        `import { createRainClient } from 'rain-client';
         const rain = createRainClient({ url: process.argv[2] });
         const socket = rain.component('chat', '1.0.0').messaging.getSocket('chat');
         socket.on('hello', async (hello) => {
           const answer = await socket.timeout(2000).emitWithAck('new-message', { text: 'from a package' });
           console.log(JSON.stringify({ hello, answer }));
           rain.close();
         });`,
      );
      // Not execFileSync: the server runs in this process and must keep answering.
      const { stdout } = await promisify(execFile)(process.execPath, ['main.js', server.url], { cwd: consumer, timeout: 15_000 });
      expect(JSON.parse(stdout)).toEqual({ hello: { message: 'Hello Sockets!' }, answer: { received: 'from a package' } });
    });
  });

  it('ships its .d.ts: a typed consumer compiles, and a wrong call does not', () => {
    writeFileSync(
      join(consumer, 'typed.ts'),
      `import { createRainClient, RainEmitError, type ComponentContext } from 'rain-client';
       const context: ComponentContext = createRainClient({ url: 'http://localhost:3000' }).component('chat', '1.0.0');
       const socket = context.messaging.getSocket<{ hello: (d: { message: string }) => void }>('chat');
       socket.on('hello', (d) => d.message.toUpperCase());
       const stop: () => void = context.messaging.subscribe('session_expired', (p: { reason: string }) => p.reason);
       stop();
       export const code: string = new RainEmitError('disconnected', 'm', 'e').code;
       // @ts-expect-error: a channel is a string
       context.messaging.getSocket(1);`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, lib: ['ES2022', 'DOM'], types: [], skipLibCheck: false },
        files: ['typed.ts'],
      }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const run = () => execFileSync(process.execPath, [tsc, '-p', consumer], { cwd: consumer, encoding: 'utf8' });
    expect(run).not.toThrow();
  }, 60_000);
});
