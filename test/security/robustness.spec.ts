import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RainSocketsOptions } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { GUARDED_NAMESPACE, guarded } from './fixtures/guarded.component.js';
import { type GuardedApp, bystander, startGuardedApp } from './fixtures/guarded-app.js';
import { RawClient } from './fixtures/raw-client.js';

const NS = GUARDED_NAMESPACE;

/** What no socket.io client sends: broken socket.io packets, broken engine.io packets, plain garbage. */
const BAD_FRAMES: [label: string, frame: string | Buffer][] = [
  ['unterminated JSON', `42${NS},["echo","x"`],
  ['an event that is not an array', `42${NS},{"event":"echo"}`],
  ['an event named by a number array', `42${NS},[[1],2]`],
  ['a reserved event name', `42${NS},["disconnect"]`],
  ['an unknown socket.io packet type', `49${NS},["echo"]`],
  ['an ack for nothing', `43${NS},999["x"]`],
  ['binary attachments that never come', `451-${NS},["echo",{"_placeholder":true,"num":0}]`],
  ['too many attachments', `4599-${NS},["echo"]`],
  ['an unknown namespace', '40/no/such/namespace,'],
  ['an unknown engine.io packet type', '7hello'],
  ['an engine.io ping from the client', '2'],
  ['an empty frame', ''],
  ['text garbage', '\u0000\uffff garbage \ud800'],
  ['binary garbage', randomBytes(512)],
];

describe('robustness: bad input hurts only its sender', () => {
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

  it.each(BAD_FRAMES)('survives %s on a raw WebSocket', async (_label, frame) => {
    const app = await start();
    const other = await bystander(app);
    const raw = await RawClient.connect(app.url);
    raws.push(raw);
    raw.send(frame);
    // Either the server closed that connection, or it shrugged and still answers it.
    const outcome = await Promise.race([
      raw.closed.then(() => 'closed'),
      (async () => {
        raw.send(`42${NS},1["echo","still"]`);
        return (await raw.ack(1)) === 'still' ? 'answered' : 'wrong answer';
      })().catch(() => 'silent'),
    ]);
    expect(['closed', 'answered']).toContain(outcome);
    await other.stillServed();
    // And newcomers are admitted.
    await expect(connectComponent(app.app, guarded)).resolves.toBeDefined();
  });

  it('answers unknown events with unknown_event, by ack or exception', async () => {
    const app = await start();
    const other = await bystander(app);
    const socket = await connectComponent(app.app, guarded);
    await expect(emitWithAck(socket, 'no-such-event', 1)).resolves.toEqual({
      status: 'error',
      code: 'unknown_event',
      message: 'No handler for event "no-such-event".',
      event: 'no-such-event',
    });
    socket.emit('no-such-event-either');
    await expect(nextEvent(socket, 'exception')).resolves.toMatchObject({ code: 'unknown_event', event: 'no-such-event-either' });
    await other.stillServed();
  });

  it('answers handlers that throw, reject or never finish, and the rest go on', async () => {
    const app = await start({ handlerTimeout: 300 });
    const other = await bystander(app);
    const socket = await connectComponent(app.app, guarded, { cookie: await app.newCookie() });
    await emitWithAck(socket, 'set', { key: 'before', value: 1 });
    const hanging = emitWithAck(socket, 'hang', undefined, 3_000);
    await expect(emitWithAck(socket, 'throw-sync')).resolves.toMatchObject({ code: 'internal', message: 'Internal server error' });
    await expect(emitWithAck(socket, 'reject')).resolves.toMatchObject({ code: 'internal', event: 'reject' });
    // While `hang` runs, the same socket and the others are served.
    await expect(emitWithAck(socket, 'get', 'before')).resolves.toBe(1);
    await other.stillServed();
    await expect(hanging).resolves.toMatchObject({ code: 'timeout', event: 'hang' });
    socket.emit('throw-sync');
    await expect(nextEvent(socket, 'exception')).resolves.toMatchObject({ code: 'internal', event: 'throw-sync' });
    await expect(emitWithAck(socket, 'get', 'before')).resolves.toBe(1);
  });
});
