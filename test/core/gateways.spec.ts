import type { INestApplication, Type } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { Test } from '@nestjs/testing';
import { connect as tcpConnect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GatewayConflictError, NamespaceConflictError, RainSocketsModule, type RainSocketsOptions, RainSocketsRegistry } from 'rain-sockets';
import { closeApps, connectComponent, connectSocket, emitWithAck, nextEvent, startApp } from 'rain-sockets/testing';
import { freePort } from '../cluster/fixtures/own-redis.js';
import {
  ChatComponent,
  CorsGateway,
  EventsGateway,
  NamespacedGateway,
  OtherPathGateway,
  SquattingGateway,
  chat,
  ownPortGateway,
} from './fixtures/gateways.js';
import { startupError } from './fixtures/startup-error.js';

/** An app with the chat component socket and these gateways, listening. */
function start(gateways: Type[], adapter?: (app: INestApplication) => object, options: RainSocketsOptions = {}) {
  return startApp(
    Test.createTestingModule({ imports: [RainSocketsModule.forRoot(options), ChatComponent], providers: gateways })
      .compile()
      .then((moduleRef) => {
        const app = moduleRef.createNestApplication({ logger: false });
        if (adapter) app.useWebSocketAdapter(adapter(app) as never);
        return app;
      }),
  );
}

/** The start-up error of the same app, not listening. */
function startupErrorWith(gateways: Type[], adapter?: (app: INestApplication) => object): Promise<unknown> {
  return startupError({ imports: [RainSocketsModule.forRoot(), ChatComponent], providers: gateways }, (app) => {
    if (adapter) app.useWebSocketAdapter(adapter(app) as never);
  });
}

const urlOf = async (app: INestApplication) => (await app.getUrl()).replace('[::1]', '127.0.0.1');
const chatServer = (app: INestApplication) => app.get(RainSocketsRegistry).server(chat.id, chat.version, chat.channel).namespace.server;

/** An IoAdapter as apps subclass it (a Redis adapter, custom options): it records the servers it makes. */
class RecordingIoAdapter extends IoAdapter {
  readonly created: unknown[] = [];
  override createIOServer(...args: Parameters<IoAdapter['createIOServer']>): ReturnType<IoAdapter['createIOServer']> {
    const server = super.createIOServer(...args);
    this.created.push(server);
    return server;
  }
}

describe('Nest gateways beside component sockets', () => {
  afterEach(closeApps);

  for (const transport of ['websocket', 'polling'] as const) {
    it(`serves a plain @WebSocketGateway() and the component sockets on one path, over ${transport}`, async () => {
      const app = await start([EventsGateway]);
      const url = await urlOf(app);
      const client = { transports: [transport] };
      // Before: the first websocket connection crashed the process (two engine.io servers on /socket.io).
      const component = await connectComponent(app, chat, { client });
      const gateway = await connectSocket(url, { client });
      await expect(emitWithAck(component, 'echo', 'to the component')).resolves.toBe('to the component');
      await expect(emitWithAck(gateway, 'ping', 1)).resolves.toEqual({ pong: 1 });
      expect(app.get(EventsGateway).connections).toBe(1);
      // One socket.io server: the gateway's @WebSocketServer() is the component sockets' server.
      expect(app.get(EventsGateway).server).toBe(chatServer(app));
    });
  }

  it("applies the shared server's settings to the gateway's clients too: the origin check, the largest message", async () => {
    const app = await start([EventsGateway], undefined, { maxHttpBufferSize: 10_000 });
    const url = await urlOf(app);
    const foreign = connectSocket(url, { origin: 'https://evil.example' }).then(
      () => 'connected',
      (error: Error & { description?: { message?: string } }) => `${error.message}: ${error.description?.message}`,
    );
    await expect(foreign).resolves.toBe('websocket error: Unexpected server response: 403');
    const gateway = await connectSocket(url);
    const closed = new Promise((resolve) => gateway.once('disconnect', resolve));
    // Over our maxHttpBufferSize (Nest's own server would take up to 1 MB): the server closes the connection.
    gateway.emit('ping', 'x'.repeat(20_000));
    await expect(closed).resolves.toBe('transport close');
  });

  it('serves a namespaced gateway on the same path', async () => {
    const app = await start([EventsGateway, NamespacedGateway]);
    const events = await connectSocket(`${await urlOf(app)}/events`);
    const component = await connectComponent(app, chat);
    await expect(emitWithAck(events, 'ping', 2)).resolves.toEqual({ pong: 2, from: 'events' });
    await expect(emitWithAck(component, 'echo', 2)).resolves.toBe(2);
  });

  it('leaves gateways on another path and on their own port to Nest, with or without one on our path', async () => {
    for (const sharing of [[], [EventsGateway]]) {
      const port = await freePort();
      const OwnPortGateway = ownPortGateway(port);
      const app = await start([OtherPathGateway, OwnPortGateway, ...sharing]);
      const url = await urlOf(app);
      const otherPath = await connectSocket(url, { path: '/gateway' });
      const ownPort = await connectSocket(`http://127.0.0.1:${port}`);
      const component = await connectComponent(app, chat);
      await expect(emitWithAck(otherPath, 'ping', 3)).resolves.toEqual({ pong: 3, from: 'other path' });
      await expect(emitWithAck(ownPort, 'ping', 4)).resolves.toEqual({ pong: 4, from: 'own port' });
      await expect(emitWithAck(component, 'echo', 5)).resolves.toBe(5);
      expect(app.get(OtherPathGateway).server).not.toBe(chatServer(app));
      expect(app.get(OwnPortGateway).server).not.toBe(chatServer(app));
      await closeApps();
      // The gateway's own port closed with the app.
      await expect(tcpRefused(port)).resolves.toBe('ECONNREFUSED');
    }
  });

  it('closes the shared server once, on app.close(): component clients hear server_shutdown, gateway clients are let go', async () => {
    // Not startApp: closeApps() would close the clients before the app.
    const moduleRef = await Test.createTestingModule({ imports: [RainSocketsModule.forRoot(), ChatComponent], providers: [EventsGateway] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
    const component = await connectComponent(app, chat);
    const gateway = await connectSocket(await urlOf(app));
    const shutdown = nextEvent(component, 'server_shutdown');
    const gone = new Promise((resolve) => gateway.once('disconnect', resolve));
    // RainSocketsModule closes it (without the HTTP server, which Nest closes); Nest's adapter must not close it again.
    const secondClose = vi.spyOn(chatServer(app), 'close');
    await app.close();
    expect(secondClose).not.toHaveBeenCalled();
    await expect(shutdown).resolves.toEqual({});
    await expect(gone).resolves.toBe('io server disconnect');
  });

  it('app.useWebSocketAdapter() serves the gateways, not the component sockets', async () => {
    let adapter!: RecordingIoAdapter;
    const app = await start([OtherPathGateway], (nest) => (adapter = new RecordingIoAdapter(nest)));
    const gateway = await connectSocket(await urlOf(app), { path: '/gateway' });
    const component = await connectComponent(app, chat);
    await expect(emitWithAck(gateway, 'ping', 6)).resolves.toEqual({ pong: 6, from: 'other path' });
    await expect(emitWithAck(component, 'echo', 6)).resolves.toBe(6);
    expect(adapter.created).toEqual([app.get(OtherPathGateway).server]);
    expect(adapter.created).not.toContain(chatServer(app));
  });

  it("stops the start-up when app.useWebSocketAdapter()'s gateways would take our path, with the fix", async () => {
    const error = await startupErrorWith([EventsGateway], (nest) => new IoAdapter(nest));
    expect(error).toBeInstanceOf(GatewayConflictError);
    expect(error).toMatchObject({ gateway: 'EventsGateway', path: '/socket.io' });
    expect((error as Error).message).toBe(
      'RainSocketsModule: the @WebSocketGateway EventsGateway and the component sockets both serve socket.io on path ' +
        '"/socket.io" of the app\'s HTTP server, but app.useWebSocketAdapter() gave Nest\'s gateways their own adapter ' +
        '(IoAdapter), so they cannot share one socket.io server, and two on one path crash the process at the first ' +
        "websocket connection. Fix one of: give the gateway its own path, @WebSocketGateway({ path: '/gateway' }), and " +
        "io(url, { path: '/gateway' }) in its clients; or give the component sockets theirs, RainSocketsModule.forRoot({ path: '/rain' }), " +
        "and createRainClient({ path: '/rain' }) in their clients; or, if IoAdapter is Nest's plain IoAdapter, remove " +
        'app.useWebSocketAdapter() and both share "/socket.io".',
    );
  });

  it('stops the start-up when a gateway on our path sets server options that the shared server would ignore', async () => {
    const error = await startupErrorWith([CorsGateway]);
    expect(error).toBeInstanceOf(GatewayConflictError);
    expect((error as Error).message).toBe(
      'RainSocketsModule: the @WebSocketGateway CorsGateway sets socket.io server options (cors, transports) on path ' +
        '"/socket.io", which it shares with the component sockets: one socket.io server serves both there, configured by ' +
        'RainSocketsModule, so they would be ignored. Move them to RainSocketsModule.forRoot({ socketIo: { cors, transports } }) ' +
        '(cross-origin browsers also need allowedOrigins), where they apply to both; or give the gateway a path of its own: ' +
        "@WebSocketGateway({ path: '/gateway', ... }).",
    );
  });

  it("stops the start-up when a gateway claims a component socket's namespace", async () => {
    const error = await startupErrorWith([SquattingGateway]);
    expect(error).toBeInstanceOf(NamespaceConflictError);
    expect((error as Error).message).toBe(
      'RainSocketsModule: namespace "/chat/1.0.0/chat" is claimed by both the @WebSocketGateway SquattingGateway and the ' +
        'component socket ChatSocket; give the gateway another namespace.',
    );
  });
});

/** How a TCP connection to the port ends: the error code, or 'connected'. */
function tcpRefused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
