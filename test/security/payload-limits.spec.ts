import { afterEach, describe, expect, it } from 'vitest';
import type { RainSocketsOptions } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { GUARDED_NAMESPACE, guarded } from './fixtures/guarded.component.js';
import { type GuardedApp, bystander, startGuardedApp } from './fixtures/guarded-app.js';
import { RawClient, nested, nestedArraysJson } from './fixtures/raw-client.js';

const tooDeep = (event: string, limit = 64) => ({
  status: 'error',
  code: 'payload_too_deep',
  message: `The message nests deeper than ${limit} levels (option maxPayloadDepth).`,
  event: `rain:payload_too_deep:${event}`,
  details: { limit, event },
});

describe('payload limits', () => {
  let running: GuardedApp | undefined;
  const raws: RawClient[] = [];

  async function start(options: RainSocketsOptions = {}) {
    running = await startGuardedApp(options);
    return running;
  }

  afterEach(async () => {
    closeComponentClients();
    for (const raw of raws.splice(0)) raw.close();
    await running?.app.close();
    running = undefined;
  });

  it('answers an event nested deeper than maxPayloadDepth with payload_too_deep, without running its handler', async () => {
    const app = await start();
    const other = await bystander(app);
    const cookie = await app.newCookie();
    const socket = await connectComponent(app.app, guarded, { cookie });
    await expect(emitWithAck(socket, 'echo', nested(64))).resolves.toEqual(nested(64));
    await expect(emitWithAck(socket, 'set', { key: 'deep', value: nested(64) })).resolves.toEqual(tooDeep('set'));
    socket.emit('echo', nested(100));
    await expect(nextEvent(socket, 'exception')).resolves.toEqual(tooDeep('echo'));
    // The connection stays; the refused write never reached the session.
    await expect(emitWithAck(socket, 'get', 'deep')).resolves.toBeNull();
    await other.stillServed();
  });

  it('refuses 1 MB of nesting before parsing it, and keeps serving everyone', async () => {
    const app = await start();
    const other = await bystander(app);
    const raw = await RawClient.connect(app.url);
    raws.push(raw);
    const depth = 499_980;
    raw.send(`42${GUARDED_NAMESPACE},7["echo",${nestedArraysJson(depth)}]`);
    await expect(raw.ack(7)).resolves.toEqual(tooDeep('echo'));
    raw.send(`42${GUARDED_NAMESPACE},8["echo","after"]`);
    await expect(raw.ack(8)).resolves.toBe('after');
    await other.stillServed();
  });

  it('refuses a too-deep event that carries binary attachments, and the connection goes on', async () => {
    const app = await start({ maxPayloadDepth: 8 });
    const socket = await connectComponent(app.app, guarded);
    await expect(emitWithAck(socket, 'echo', { file: Buffer.from('abc'), meta: nested(9) })).resolves.toEqual(tooDeep('echo', 8));
    const echoed = await emitWithAck(socket, 'echo', { file: Buffer.from('abc'), meta: nested(7) });
    expect(Buffer.from(echoed.file).toString()).toBe('abc');
  });

  it('lets maxPayloadDepth 0 turn the depth limit off', async () => {
    const app = await start({ maxPayloadDepth: 0 });
    const socket = await connectComponent(app.app, guarded);
    await expect(emitWithAck(socket, 'echo', nested(200))).resolves.toEqual(nested(200));
  });

  it('closes the connection of a client that sends more than maxHttpBufferSize, and only that one', async () => {
    const app = await start({ maxHttpBufferSize: 10_000 });
    const other = await bystander(app);
    const socket = await connectComponent(app.app, guarded);
    await expect(emitWithAck(socket, 'echo', 'x'.repeat(9_000))).resolves.toHaveLength(9_000);
    const gone = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.emit('echo', 'x'.repeat(20_000));
    await expect(gone).resolves.toBe('transport close');
    await other.stillServed();
  });

  it('validates an event with a schema pipe, every message in the error', async () => {
    const app = await start();
    const socket = await connectComponent(app.app, guarded);
    await expect(emitWithAck(socket, 'note', { text: 'hello', tags: ['a'] })).resolves.toEqual({ saved: 'hello' });
    const answer = await emitWithAck(socket, 'note', { text: 'x'.repeat(201), tags: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(answer).toMatchObject({ status: 'error', code: 'bad_request', event: 'note' });
    expect(answer.details).toHaveLength(2);
  });
});
