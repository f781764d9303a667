import { randomBytes } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RainIdleService, type RainSocketsOptions } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { GUARDED_NAMESPACE, guarded } from './fixtures/guarded.component.js';
import { type GuardedApp, bystander, startGuardedApp } from './fixtures/guarded-app.js';
import { RawClient } from './fixtures/raw-client.js';

const NS = GUARDED_NAMESPACE;
const ECHO = `42${NS},1["echo","still"]`;
const ECHOED = `43${NS},1["still"]`;

/**
 * What no socket.io client sends, and exactly what its sender sees: `closed` (the server ends
 * that WebSocket without a close status: 1005, and answers nothing more), or the frames it
 * gets, in order, the answer to the `echo` sent after the bad frame included.
 */
const BAD_FRAMES: [label: string, frame: string | Buffer, seen: 'closed' | string[]][] = [
  ['unterminated JSON', `42${NS},["echo","x"`, 'closed'],
  ['an event that is not an array', `42${NS},{"event":"echo"}`, 'closed'],
  ['an event named by a number array', `42${NS},[[1],2]`, 'closed'],
  ['a reserved event name', `42${NS},["disconnect"]`, 'closed'],
  ['an unknown socket.io packet type', `49${NS},["echo"]`, 'closed'],
  // Binary attachments announced and never sent: the next text frame (the echo) breaks the packet.
  ['binary attachments that never come', `451-${NS},["echo",{"_placeholder":true,"num":0}]`, 'closed'],
  ['too many attachments', `4599-${NS},["echo"]`, 'closed'],
  ['an unknown engine.io packet type', '7hello', 'closed'],
  ['an engine.io ping from the client', '2', 'closed'],
  ['an empty frame', '', 'closed'],
  ['text garbage', '\u0000\uffff garbage \ud800', 'closed'],
  ['binary garbage', randomBytes(512), 'closed'],
  // Harmless: ignored, or refused to that namespace alone.
  ['an ack for nothing', `43${NS},999["x"]`, [ECHOED]],
  ['an unknown namespace', '40/no/such/namespace,', ['44/no/such/namespace,{"message":"Invalid namespace"}', ECHOED]],
  // socket.io-parser lets a number through as an event name.
  ['an event named by a number', `42${NS},9[123,{}]`, [
    `43${NS},9[{"status":"error","code":"unknown_event","message":"No handler for event \\"123\\".","event":123}]`,
    ECHOED,
  ]],
];

/** The lines the app logs at error level. */
class ErrorLog implements LoggerService {
  readonly errors: string[] = [];
  log() {}
  warn() {}
  error(message: unknown, trace?: unknown) {
    this.errors.push(`${String(message)}${trace ? ` ${String(trace)}` : ''}`);
  }
}

describe('robustness: bad input hurts only its sender', () => {
  let running: GuardedApp | undefined;
  const raws: RawClient[] = [];

  async function start(options: RainSocketsOptions = {}) {
    running = await startGuardedApp(options);
    return running;
  }

  async function raw(app: GuardedApp): Promise<RawClient> {
    const client = await RawClient.connect(app.url);
    raws.push(client);
    // Sessions are on: the connection's rain:session comes first; what the test sends is answered after it.
    await client.next((f) => f.startsWith(`42${NS},["rain:session"`));
    client.received.length = 0;
    return client;
  }

  afterEach(async () => {
    closeComponentClients();
    for (const client of raws.splice(0)) client.close();
    await running?.app.close();
    running = undefined;
    vi.useRealTimers();
  });

  it.each(BAD_FRAMES)('%s on a raw WebSocket', async (_label, frame, seen) => {
    const app = await start();
    const other = await bystander(app);
    const client = await raw(app);
    client.send(frame);
    client.send(ECHO);
    if (seen === 'closed') {
      await expect(client.closed).resolves.toBe(1005);
      expect(client.received).toEqual([]);
    } else {
      await expect.poll(() => client.received.includes(ECHOED)).toBe(true);
      expect(client.received).toEqual(seen);
    }
    await other.stillServed();
    // And a newcomer is admitted and served.
    const newcomer = await connectComponent(app.app, guarded);
    await expect(emitWithAck(newcomer, 'echo', 'welcome')).resolves.toBe('welcome');
  });

  it('answers an event named by a number like any unknown event: no error logged, and every extension still counts it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const log = new ErrorLog();
    const app = await start({ idle: { maxConnections: 1, idleTimeout: 1_000, checkInterval: 60_000 } });
    app.app.useLogger(log);
    const client = await raw(app);
    vi.setSystemTime(Date.now() + 1_500);
    for (let id = 1; id <= 3; id++) client.send(`42${NS},${id}[${id},{}]`);
    for (let id = 1; id <= 3; id++) await expect(client.ack(id)).resolves.toMatchObject({ code: 'unknown_event', event: id });
    // Idle eviction saw the events too (it comes after the payload-depth check): the socket is active.
    await expect(app.app.get(RainIdleService).sweep()).resolves.toBe(0);
    expect(log.errors).toEqual([]);
  });

  it('closes a long-polling connection that posts more than maxHttpBufferSize, as a WebSocket is closed', async () => {
    const app = await start({ maxHttpBufferSize: 10_000 });
    const other = await bystander(app);
    const poll = await PollingClient.open(app.url);
    await poll.post(`40${NS},`);
    expect(await poll.get()).toMatch(new RegExp(`^40${NS},\\{"sid":"[^"]+"\\}$`));
    await poll.post(`42${NS},1["echo","fits"]`);
    await expect(poll.get()).resolves.toBe(`43${NS},1["fits"]`);

    await expect(poll.post(`42${NS},2["echo","${'x'.repeat(20_000)}"]`)).resolves.toEqual({ status: 413, body: '' });
    // That connection is gone: its next message is refused, as for any closed connection.
    await expect(poll.post(`42${NS},3["echo","after"]`)).resolves.toEqual({
      status: 400,
      body: '{"code":1,"message":"Session ID unknown"}',
    });
    await expect.poll(() => app.socket.disconnects).toEqual(['forced close']);
    await other.stillServed();
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

/** engine.io's long-polling by hand: one connection id, a POST per message, a GET per read. */
class PollingClient {
  private constructor(
    private readonly base: string,
    readonly sid: string,
  ) {}

  static async open(url: string): Promise<PollingClient> {
    const base = `${url}/socket.io/?EIO=4&transport=polling`;
    const open = await (await fetch(base)).text();
    return new PollingClient(base, (JSON.parse(open.slice(1)) as { sid: string }).sid);
  }

  /** Sends one engine.io packet (`4` + a socket.io packet, as a WebSocket frame would be). */
  async post(packet: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`${this.base}&sid=${this.sid}`, { method: 'POST', body: packet, headers: { 'content-type': 'text/plain' } });
    return { status: response.status, body: await response.text() };
  }

  /**
   * What the server has for this connection: its engine.io message packets, as the WebSocket
   * frames would be (but the session's rain:session, which comes with every connection).
   */
  async get(): Promise<string> {
    const body = await (await fetch(`${this.base}&sid=${this.sid}`)).text();
    return body
      .split('\u001e')
      .filter((p) => p.startsWith('4') && !p.includes(',["rain:session",'))
      .join('\u001e');
  }
}
