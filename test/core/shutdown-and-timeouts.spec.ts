import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { RainSocketsModule, type RainSocketsOptions } from 'rain-sockets';
import { closeComponentClients, connectComponent, connectSocket, emitWithAck, nextEvent, noEvent } from 'rain-sockets/testing';
import { SlowComponent, SlowSocket } from './fixtures/slow.component.js';

const slow = { id: 'slow', version: '1.0.0', channel: 'slow' };

/** socket.io-client's connect_error when the transport fails; `description` is the WebSocket's error event. */
type TransportFailure = Error & { type: string; description: { error?: NodeJS.ErrnoException } };

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
    // shutdownTimeout: the hung handler would otherwise hold app.close() for the default 10 s.
    const server = await start({ handlerTimeout: 150, shutdownTimeout: 100 });
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

  it("drops a handler's { event, data } that comes after its timeout was answered", async () => {
    const server = await start({ handlerTimeout: 150 });
    const socket = await connectComponent(server, slow);
    const handler = server.get(SlowSocket);
    socket.emit('late-event');
    // No ack: the timeout goes out as an `exception` event, as the late result would have.
    await expect(nextEvent(socket, 'exception')).resolves.toEqual({
      status: 'error',
      code: 'timeout',
      message: 'SlowSocket.lateEvent did not finish within 150 ms (option handlerTimeout).',
      event: 'late-event',
    });
    handler.release();
    await expect.poll(() => handler.finished).toEqual(['late-event']);
    // One connection keeps the server's order: a late event would have come before this answer.
    await expect(emitWithAck(socket, 'echo', 'after')).resolves.toBe('after');
    await noEvent(socket, 'late');
  });

  it('on close: tells clients, refuses newcomers, lets running handlers finish and answer, then is gone', async () => {
    const server = await start({ shutdownTimeout: 5_000 });
    const socket = await connectComponent(server, slow);
    const handler = server.get(SlowSocket);
    const url = (await server.getUrl()).replace('[::1]', '127.0.0.1');
    const answer = emitWithAck(socket, 'hold', 'running', 5_000);
    await expect.poll(() => handler.holding).toEqual(['running']);
    const shutdownNotice = nextEvent(socket, 'server_shutdown');
    const closing = server.close();
    app = undefined;
    await expect(shutdownNotice).resolves.toEqual({});
    // Draining: the node still listens, and says why it admits nobody.
    await expect(connectSocket(`${url}/slow/1.0.0/slow`)).rejects.toMatchObject({
      message: 'The server is shutting down; connect to another node.',
      data: { code: 'server_shutdown' },
    });
    handler.release();
    await expect(answer).resolves.toEqual({ released: 'running' });
    await closing;
    expect(handler.finished).toEqual(['running']);
    // The node is gone: nothing listens any more.
    const gone = await connectSocket(`${url}/slow/1.0.0/slow`).then(() => 'connected', (error: TransportFailure) => error);
    expect(gone).toMatchObject({ message: 'websocket error', type: 'TransportError' });
    expect((gone as TransportFailure).description.error?.code).toBe('ECONNREFUSED');
  });
});
