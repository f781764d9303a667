import type { INestApplication } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RainSocketsModule } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent, noEvent } from 'rain-sockets/testing';
import { CountingInterceptor, PipelineComponent, PrivateSocket } from './fixtures/pipeline.component.js';

describe("Nest's pipeline on component socket handlers", () => {
  let app: INestApplication;
  const pipeline = { id: 'pipeline', version: '1.0.0', channel: 'pipeline' };
  const privateChannel = { id: 'pipeline', version: '1.0.0', channel: 'private' };

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [RainSocketsModule.forRoot({}), PipelineComponent],
      providers: [CountingInterceptor, { provide: APP_INTERCEPTOR, useExisting: CountingInterceptor }],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
  });

  afterEach(async () => {
    closeComponentClients();
    await app.close();
  });

  it('runs a global interceptor on every handler', async () => {
    const socket = await connectComponent(app, pipeline);
    await emitWithAck(socket, 'echo', 1);
    await emitWithAck(socket, 'whoami');
    expect(app.get(CountingInterceptor).seen).toEqual(['echo', 'whoami']);
  });

  it('answers a method guard that denies with a forbidden error', async () => {
    const socket = await connectComponent(app, pipeline);
    await expect(emitWithAck(socket, 'denied')).resolves.toEqual({
      status: 'error',
      code: 'forbidden',
      message: 'Forbidden resource',
      event: 'denied',
    });
  });

  it('lets an interceptor map the result', async () => {
    const socket = await connectComponent(app, pipeline);
    await expect(emitWithAck(socket, 'wrapped', { a: 1 })).resolves.toEqual({ wrapped: { a: 1 } });
  });

  it('rejects bad input through ValidationPipe with every message', async () => {
    const socket = await connectComponent(app, pipeline);
    await expect(emitWithAck(socket, 'validated', { text: 'ok' })).resolves.toEqual({ ok: 'ok' });
    const answer = await emitWithAck(socket, 'validated', { text: 42 });
    expect(answer).toMatchObject({ status: 'error', code: 'bad_request', event: 'validated' });
    expect(answer.details).toEqual(['text must be longer than or equal to 1 characters', 'text must be a string']);
  });

  it('validates with a Standard Schema', async () => {
    const socket = await connectComponent(app, pipeline);
    await expect(emitWithAck(socket, 'schema', { count: 2 })).resolves.toEqual({ doubled: 4 });
    await expect(emitWithAck(socket, 'schema', { count: 'two' })).resolves.toMatchObject({ status: 'error', code: 'bad_request' });
  });

  it('lets an exception filter shape the error, and answers only once', async () => {
    const socket = await connectComponent(app, pipeline);
    socket.emit('filtered', { text: '' });
    await expect(nextEvent(socket, 'shaped-error')).resolves.toMatchObject({ kind: 'validation' });
    await noEvent(socket, 'exception');
  });

  it('leaves the ack to a handler that takes @Ack()', async () => {
    const socket = await connectComponent(app, pipeline);
    await expect(emitWithAck(socket, 'manual-ack', 7)).resolves.toEqual({ later: 7 });
  });

  it("emits a returned { event, data } as Nest's gateways do", async () => {
    const socket = await connectComponent(app, pipeline);
    socket.emit('ws-response', 'x');
    await expect(nextEvent(socket, 'ws-reply')).resolves.toBe('x');
  });

  it('hides the detail of an unexpected error and keeps serving', async () => {
    const [socket, other] = await Promise.all([connectComponent(app, pipeline), connectComponent(app, pipeline)]);
    await expect(emitWithAck(socket, 'explode')).resolves.toEqual({
      status: 'error',
      code: 'internal',
      message: 'Internal server error',
      event: 'explode',
    });
    socket.emit('reject');
    await expect(nextEvent(socket, 'exception')).resolves.toEqual({ status: 'error', code: 'ws_error', message: 'Nope', event: 'reject' });
    await expect(emitWithAck(other, 'echo', 'alive')).resolves.toBe('alive');
    await expect(emitWithAck(socket, 'echo', 'me too')).resolves.toBe('me too');
  });

  it('runs a class guard at the handshake: refused with its reason, handle() never runs', async () => {
    const refused = connectComponent(app, privateChannel, { auth: { token: 'wrong' } });
    await expect(refused).rejects.toMatchObject({ message: 'A token is required', data: { code: 'unauthorized' } });
    expect(app.get(PrivateSocket).handled).toBe(0);

    const socket = await connectComponent(app, privateChannel, { auth: { token: 'let-me-in' } });
    await expect(nextEvent(socket, 'welcome')).resolves.toBe('in');
    await expect(emitWithAck(socket, 'ping')).resolves.toBe('pong');
    expect(app.get(PrivateSocket).handled).toBe(1);
  });
});
