import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ClsModule } from 'nestjs-cls';
import { afterEach, describe, expect, it } from 'vitest';
import { RainSocketsModule } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { ContextComponent } from './fixtures/async-context.component.js';

const address = { id: 'context', version: '1.0.0', channel: 'context' };
// Each socket names its caller at the handshake; the enhancers put it in the async context.
const setup = (cls: { set(key: string, value: unknown): void }, context: { switchToWs(): { getClient(): { handshake: { auth: { caller?: string } } } } }) =>
  cls.set('caller', context.switchToWs().getClient().handshake.auth.caller);

describe('AsyncLocalStorage context in component socket handlers', () => {
  let app: INestApplication | undefined;

  async function start(cls: Parameters<typeof ClsModule.forRoot>[0]) {
    const moduleRef = await Test.createTestingModule({
      imports: [ClsModule.forRoot({ global: true, ...cls }), RainSocketsModule.forRoot({}), ContextComponent],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
    return app;
  }

  afterEach(async () => {
    closeComponentClients();
    await app?.close();
    app = undefined;
  });

  /** Two sockets, several events each at once: each answer must carry its own socket's caller. */
  async function interleaved(server: INestApplication, event: string) {
    const [ann, bob] = await Promise.all([
      connectComponent(server, address, { auth: { caller: 'ann' } }),
      connectComponent(server, address, { auth: { caller: 'bob' } }),
    ]);
    return Promise.all([1, 2, 3].flatMap((n) => [emitWithAck(ann, event, n), emitWithAck(bob, event, n)]));
  }

  it("keeps nestjs-cls's interceptor context through the handler and its awaits", async () => {
    const server = await start({ interceptor: { mount: true, setup } });
    await expect(interleaved(server, 'cls')).resolves.toEqual(
      [1, 2, 3].flatMap((n) => [
        { n, before: 'ann', after: 'ann' },
        { n, before: 'bob', after: 'bob' },
      ]),
    );
    await expect(interleaved(server, 'cls-sync')).resolves.toEqual([1, 2, 3].flatMap((n) => [{ n, caller: 'ann' }, { n, caller: 'bob' }]));
  });

  it("keeps nestjs-cls's guard context through the handler and its awaits", async () => {
    const server = await start({ guard: { mount: true, setup } });
    await expect(interleaved(server, 'cls')).resolves.toEqual(
      [1, 2, 3].flatMap((n) => [
        { n, before: 'ann', after: 'ann' },
        { n, before: 'bob', after: 'bob' },
      ]),
    );
  });

  it('keeps a store an interceptor entered around next.handle() only', async () => {
    const server = await start({});
    await expect(interleaved(server, 'own-store')).resolves.toEqual(
      [1, 2, 3].flatMap((n) => [
        { n, before: 'ann', after: 'ann', id: 'ann' },
        { n, before: 'bob', after: 'bob', id: 'bob' },
      ]),
    );
  });
});
