import type { INestApplication } from '@nestjs/common';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RainSessionService, type RainSessionStats } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { board } from './fixtures/board.component.js';
import { Browser } from './fixtures/browser.js';
import { SESSION_SECRET, startNode } from './fixtures/cluster-node.js';
import { OwnRedis, redisServerInstalled } from './fixtures/own-redis.js';
import { testPrefix } from './fixtures/redis-env.js';
import { GatedComponent, gates, openGate } from '../session/fixtures/gated-board.js';
import { NotesComponent } from '../session/fixtures/session-app.js';

const installed = redisServerInstalled();
if (!installed) {
  const line = '!!! redis-server is not installed: the cluster session merge tests are SKIPPED.';
  if (process.env.RAIN_REQUIRE_REDIS === '1') throw new Error(`${line} (RAIN_REQUIRE_REDIS=1)`);
  console.warn(`\n${line}\n`);
}

const gated = { id: 'gated', version: '1.0.0', channel: 'gated' };
const notes = { id: 'notes', version: '1.0.0', channel: 'notes' };

/** What clients send to Redis about sessions, as MONITOR sees it (not the commands scripts run inside). */
class SessionCommands {
  private lines: string[] = [];
  private readonly monitor;
  private readonly probe;
  private probes = 0;

  constructor(url: string, private readonly prefix: string) {
    this.monitor = createClient({ url });
    this.probe = createClient({ url });
  }

  async start(): Promise<void> {
    await Promise.all([this.monitor.connect(), this.probe.connect()]);
    await this.monitor.monitor((line: string) => this.lines.push(line));
  }

  /** The session commands clients sent since the last call (MONITOR lists them in the order Redis ran them). */
  async take(): Promise<string[]> {
    const token = `rain-probe-${++this.probes}`;
    await this.probe.echo(token);
    await vi.waitFor(() => expect(this.lines.some((line) => line.includes(token))).toBe(true));
    const end = this.lines.findIndex((line) => line.includes(token));
    const seen = this.lines.slice(0, end);
    this.lines = this.lines.slice(end + 1);
    return seen.filter((line) => !line.includes(' lua]') && line.includes(`"${this.prefix}sess:`)).map((line) => line.match(/\] "(\w+)"/)![1]!);
  }

  close(): void {
    this.monitor.destroy();
    this.probe.destroy();
  }
}

describe.skipIf(!installed)('one session written from several nodes (cluster store, a redis-server of the test own)', () => {
  let redis: OwnRedis;
  let nodes: INestApplication[] = [];
  let commands: SessionCommands;
  const prefix = testPrefix();

  beforeAll(async () => {
    redis = await OwnRedis.start();
    nodes = await Promise.all(
      ['a', 'b'].map((name) => startNode({ name, redisUrl: redis.url, keyPrefix: prefix, imports: [GatedComponent], rain: { rateLimit: false } })),
    );
    commands = new SessionCommands(redis.url, prefix);
    await commands.start();
  });

  afterEach(() => closeComponentClients());

  afterAll(async () => {
    commands?.close();
    try {
      await Promise.all(nodes.map((node) => node.close()));
    } finally {
      await redis?.close();
    }
  });

  const stats = (node: INestApplication): RainSessionStats => ({ ...node.get(RainSessionService).stats });

  it('costs one Redis command per event that writes, none per event that changes nothing, one read after another node wrote', async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'GET', '/session');
    const socket = await connectComponent(nodes[0]!, board, { cookie: browser.cookie });
    await emitWithAck(socket, 'get', 'warm'); // the first event after connecting reloads once
    await commands.take();

    for (let i = 0; i < 5; i++) await expect(emitWithAck(socket, 'get', 'nothing')).resolves.toEqual({ node: 'a', value: null });
    expect(await commands.take()).toEqual([]);

    for (let i = 0; i < 5; i++) await emitWithAck(socket, 'set', { key: `k${i}`, value: i });
    expect(await commands.take()).toEqual(['EVALSHA', 'EVALSHA', 'EVALSHA', 'EVALSHA', 'EVALSHA']);

    await browser.request(nodes[1]!, 'POST', '/session/late', { value: 'from b' });
    await commands.take();
    const before = stats(nodes[0]!);
    await expect(emitWithAck(socket, 'get', 'late')).resolves.toEqual({ node: 'a', value: 'from b' });
    await expect(emitWithAck(socket, 'get', 'late')).resolves.toEqual({ node: 'a', value: 'from b' });
    expect(await commands.take()).toEqual(['HGETALL']);
    expect(stats(nodes[0]!).loads - before.loads).toBe(1);

    // Events that arrive together after a change share one load.
    await browser.request(nodes[1]!, 'POST', '/session/late', { value: 'again' });
    await commands.take();
    const answers = await Promise.all(Array.from({ length: 5 }, () => emitWithAck(socket, 'get', 'late')));
    expect(answers).toEqual(Array.from({ length: 5 }, () => ({ node: 'a', value: 'again' })));
    expect(await commands.take()).toEqual(['HGETALL']);
  });

  it('offers the session guard and interceptor a synchronous answer when there is no I/O to wait for', async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'GET', '/session');
    const socket = await connectComponent(nodes[0]!, gated, { cookie: browser.cookie });
    await emitWithAck(socket, 'get', 'warm');
    await expect(emitWithAck(socket, 'api')).resolves.toEqual({ refresh: 'nothing to wait for', unchanged: 'nothing to wait for', changed: 'promise' });
  });

  it('lets the last acknowledged write of a key win, counted as a conflict by the node whose writer had not seen the other', async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'POST', '/session/color', { value: 'red' });
    const socket = await connectComponent(nodes[0]!, gated, { cookie: browser.cookie });
    const before = [stats(nodes[0]!), stats(nodes[1]!)];

    // a's handler changes `color`, then waits; meanwhile HTTP on b writes `color` and is answered.
    const fromA = emitWithAck(socket, 'set-at-gate', { key: 'color', value: 'blue', gate: 'g1' });
    await vi.waitFor(() => expect(gates.has('g1')).toBe(true));
    await expect(browser.request(nodes[1]!, 'POST', '/session/color', { value: 'green' })).resolves.toMatchObject({ status: 201 });
    openGate('g1');
    await expect(fromA).resolves.toEqual({ saved: 'color' });

    expect((await browser.request(nodes[1]!, 'GET', '/session')).body.color).toBe('blue');
    expect(stats(nodes[0]!).conflicts - before[0]!.conflicts).toBe(1);
    expect(stats(nodes[1]!).conflicts - before[1]!.conflicts).toBe(0);
  });

  it('counts no conflict when a socket writes again a session it started (first written when handle() is done)', async () => {
    const node = await startNode({
      name: 'fresh',
      redisUrl: redis.url,
      keyPrefix: prefix,
      imports: [NotesComponent],
      rain: { rateLimit: false, session: { secret: SESSION_SECRET, saveUninitialized: false } },
    });
    try {
      // handle() sets `handled`: the new session is written whole with it, then each event merges.
      const socket = await connectComponent(node, notes);
      for (let i = 0; i < 3; i++) await expect(emitWithAck(socket, 'set', { key: 'handled', value: i })).resolves.toBe(true);
      await expect(emitWithAck(socket, 'get', 'handled')).resolves.toBe(2);
      expect(stats(node)).toMatchObject({ loads: 0, saves: 4, conflicts: 0 });
    } finally {
      closeComponentClients();
      await node.close();
    }
  });

  it('keeps distinct keys written at the same moment by a socket and by HTTP on another node', async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'GET', '/session');
    const socket = await connectComponent(nodes[0]!, gated, { cookie: browser.cookie });
    const fromSocket = emitWithAck(socket, 'set-at-gate', { key: 'mine', value: 1, gate: 'g2' });
    await vi.waitFor(() => expect(gates.has('g2')).toBe(true));
    await browser.request(nodes[1]!, 'POST', '/session/theirs', { value: 2 });
    openGate('g2');
    await fromSocket;
    expect((await browser.request(nodes[1]!, 'GET', '/session')).body).toMatchObject({ mine: 1, theirs: 2 });
  });

  it("keeps a handler's change when another event of its socket reloads the session while it runs", async () => {
    const browser = new Browser();
    await browser.request(nodes[0]!, 'GET', '/session');
    const socket = await connectComponent(nodes[0]!, gated, { cookie: browser.cookie });
    await emitWithAck(socket, 'get', 'warm');
    const slow = emitWithAck(socket, 'set-at-gate', { key: 'mine', value: 1, gate: 'g3' });
    await vi.waitFor(() => expect(gates.has('g3')).toBe(true));
    // Another node writes; the socket's next event reloads the session while `slow` waits.
    await browser.request(nodes[1]!, 'POST', '/session/theirs', { value: 2 });
    await expect(emitWithAck(socket, 'get', 'theirs')).resolves.toBe(2);
    openGate('g3');
    await expect(slow).resolves.toEqual({ saved: 'mine' });
    await expect(emitWithAck(socket, 'get', 'mine')).resolves.toBe(1);
    expect((await browser.request(nodes[1]!, 'GET', '/session')).body).toMatchObject({ mine: 1, theirs: 2 });
  });

  it('never lets stored fields named __proto__ or constructor reach a socket session', async () => {
    const browser = new Browser();
    const { body } = await browser.request(nodes[0]!, 'POST', '/session/fine', { value: 1 });
    expect(body).toEqual({ ok: true });
    const id = (await browser.request(nodes[0]!, 'GET', '/session')).body.id;
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.sendCommand(['HSET', `${prefix}sess:${id}`, '__proto__', '1:{"polluted":true}', 'constructor', '1:{"polluted":true}']);
    client.destroy();
    const socket = await connectComponent(nodes[1]!, board, { cookie: browser.cookie });
    await expect(emitWithAck(socket, 'get', 'polluted')).resolves.toEqual({ node: 'b', value: null });
    await expect(emitWithAck(socket, 'set', { key: 'after', value: 2 })).resolves.toEqual({ node: 'b' });
    await expect(emitWithAck(socket, 'get', 'fine')).resolves.toEqual({ node: 'b', value: 1 });
  });
});
