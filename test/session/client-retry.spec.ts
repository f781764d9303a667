import { randomUUID } from 'node:crypto';
import { Test } from '@nestjs/testing';
import type { INestApplication } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRainClient, type RainClient, RainEmitError } from 'rain-client';
import { RainSocketsModule } from 'rain-sockets';
import { closeApps, startApp } from 'rain-sockets/testing';
import { calls, FlakyComponent } from './fixtures/retry-app.js';

const RETRYABLE = {
  status: 'error',
  code: 'session_store_unavailable',
  message: 'The session store is away.',
  details: { retryable: true },
};

describe('rain-client sends again what the server answered with a retryable error', () => {
  let app: INestApplication;
  let rain: RainClient;

  beforeEach(async () => {
    app = await startApp(Test.createTestingModule({ imports: [RainSocketsModule.forRoot({ rateLimit: false }), FlakyComponent] }));
  });

  afterEach(async () => {
    rain?.close();
    await closeApps();
  });

  async function flaky(retry?: { retries?: number } | false) {
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    rain = createRainClient({ url, retry: retry === false ? false : { delay: 5, maxDelay: 20, ...retry }, keepAlivePath: false });
    return rain.component('flaky', '1.0.0').messaging.getSocket('flaky');
  }

  it('answers an emitWithAck with the first answer that is not retryable', async () => {
    const socket = await flaky();
    const id = randomUUID();
    await expect(socket.timeout(5_000).emitWithAck('unavailable-then-ok', { id, failures: 2 })).resolves.toEqual({ calls: 3 });
    expect(calls.get(id)).toBe(3);
  });

  it('does the same for a plain ack', async () => {
    const socket = await flaky();
    const id = randomUUID();
    const answer = await new Promise((resolve) => socket.emit('unavailable-then-ok', { id, failures: 1 }, resolve));
    expect(answer).toEqual({ calls: 2 });
  });

  it('gives up after `retries` resends and answers the last error', async () => {
    const socket = await flaky({ retries: 2 });
    const id = randomUUID();
    await expect(socket.timeout(5_000).emitWithAck('unavailable-then-ok', { id, failures: 100 })).resolves.toEqual({
      ...RETRYABLE,
      event: 'unavailable-then-ok',
    });
    expect(calls.get(id)).toBe(3);
  });

  it('never sends again an error without the retryable mark, nor anything with retry: false', async () => {
    const socket = await flaky();
    const id = randomUUID();
    await expect(socket.timeout(5_000).emitWithAck('failed-after-running', { id })).resolves.toMatchObject({
      code: 'session_store_unavailable',
      details: { retryable: false },
    });
    expect(calls.get(id)).toBe(1);

    rain.close();
    const off = await flaky(false);
    const other = randomUUID();
    await expect(off.timeout(5_000).emitWithAck('unavailable-then-ok', { id: other, failures: 1 })).resolves.toEqual({
      ...RETRYABLE,
      event: 'unavailable-then-ok',
    });
    expect(calls.get(other)).toBe(1);
  });

  it('answers client_closed to an emit waiting to be sent again when the client closes', async () => {
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    rain = createRainClient({ url, retry: { delay: 60_000 }, keepAlivePath: false });
    const socket = rain.component('flaky', '1.0.0').messaging.getSocket('flaky');
    const pending = socket.timeout(5_000).emitWithAck('unavailable-then-ok', { id: randomUUID(), failures: 100 });
    // Answered in order: once this one is, the first was refused and waits for its resend.
    await expect(socket.timeout(5_000).emitWithAck('unavailable-then-ok', { id: randomUUID(), failures: 0 })).resolves.toEqual({ calls: 1 });
    rain.close();
    await expect(pending).rejects.toMatchObject({ name: 'RainEmitError', code: 'client_closed' });
    await expect(pending).rejects.toBeInstanceOf(RainEmitError);
  });
});
