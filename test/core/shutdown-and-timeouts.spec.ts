import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { RainSocketsModule, type RainSocketsOptions } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { SlowComponent, SlowSocket } from './fixtures/slow.component.js';

const slow = { id: 'slow', version: '1.0.0', channel: 'slow' };

describe('handler timeouts and graceful shutdown', () => {
  let app: INestApplication | undefined;

  async function start(options: RainSocketsOptions) {
    const moduleRef = await Test.createTestingModule({ imports: [RainSocketsModule.forRoot(options), SlowComponent] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
    return app;
  }

  afterEach(async () => {
    closeComponentClients();
    await app?.close();
    app = undefined;
  });

  it('answers a handler that never resolves with a timeout error, and keeps serving', async () => {
    const server = await start({ handlerTimeout: 150 });
    const socket = await connectComponent(server, slow);
    await expect(emitWithAck(socket, 'hang')).resolves.toEqual({
      status: 'error',
      code: 'timeout',
      message: 'SlowSocket.hang did not finish within 150 ms (option handlerTimeout).',
      event: 'hang',
    });
    await expect(emitWithAck(socket, 'throw-sync')).resolves.toMatchObject({ code: 'internal' });
    await expect(emitWithAck(socket, 'echo', 'alive')).resolves.toBe('alive');
  });

  it('on close: tells clients, lets running handlers finish and answer, then is gone', async () => {
    const server = await start({ shutdownTimeout: 5_000 });
    const socket = await connectComponent(server, slow);
    const url = (await server.getUrl()).replace('[::1]', '127.0.0.1');
    const answer = emitWithAck(socket, 'work', 300, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the handler is running now
    const shutdownNotice = nextEvent(socket, 'server_shutdown');
    const closing = server.close();
    app = undefined;
    await expect(shutdownNotice).resolves.toEqual({});
    await expect(answer).resolves.toEqual({ worked: 300 });
    await closing;
    expect(server.get(SlowSocket).finished).toEqual([300]);
    // The node is gone: a newcomer cannot connect any more.
    const { connectSocket } = await import('rain-sockets/testing');
    await expect(connectSocket(`${url}/slow/1.0.0/slow`)).rejects.toBeDefined();
  });
});
