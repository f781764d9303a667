import { Module, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidComponentSocketError, RainSocketsModule, RainSocketsRegistry } from 'rain-sockets';
import { closeApps, connectComponent, emitWithAck, nextEvent, startApp } from 'rain-sockets/testing';
import {
  BothConnectHooks,
  BothDisconnectHooks,
  FailingInitSocket,
  GatewayAndComponentSocket,
  PortedComponent,
  PortedSocket,
  ported,
} from './fixtures/ported.component.js';
import { startupError } from './fixtures/startup-error.js';

const start = () => startApp(Test.createTestingModule({ imports: [RainSocketsModule.forRoot(), PortedComponent] }));

/** The start-up error of an app whose one component socket is `provider`. */
function startupErrorOf(provider: Type): Promise<unknown> {
  @Module({ providers: [provider] })
  class OneSocket {}
  return startupError({ imports: [RainSocketsModule.forRoot(), OneSocket] });
}

describe("a gateway's hooks on a component socket", () => {
  afterEach(closeApps);

  it('sets @WebSocketServer() to the namespace and runs afterInit(namespace) once, before any connection', async () => {
    const app = await start();
    const namespace = app.get(RainSocketsRegistry).server(ported.id, ported.version, ported.channel).namespace;
    const socket = app.get(PortedSocket);
    expect(socket.inits).toHaveLength(1);
    expect(socket.inits[0]!.server).toBe(namespace);
    expect(socket.inits[0]!.property).toBe(namespace);
    expect(socket.inits[0]!.connected).toBe(0);
    expect(socket.server).toBe(namespace);

    const [ann, bo] = await Promise.all([connectComponent(app, ported), connectComponent(app, ported)]);
    const heard = nextEvent(bo, 'announcement');
    await expect(emitWithAck(ann, 'announce', 'through @WebSocketServer()')).resolves.toBe(true);
    await expect(heard).resolves.toBe('through @WebSocketServer()');
    expect(socket.inits).toHaveLength(1);
  });

  it('runs handleConnection(socket) as handle(): on each connection, and events wait for it', async () => {
    const app = await start();
    const client = await connectComponent(app, ported);
    await expect(nextEvent(client, 'hello')).resolves.toEqual({ id: client.id });
    await expect(emitWithAck(client, 'greeted')).resolves.toBe(true);
  });

  it('answers a failing handleConnection as a failing handle(): an exception to that client', async () => {
    const app = await start();
    const client = await connectComponent(app, ported, { auth: { fail: true } });
    await expect(nextEvent(client, 'exception')).resolves.toEqual({ status: 'error', code: 'internal', message: 'Internal server error' });
  });

  it('runs handleDisconnect(socket, reason) as onDisconnect()', async () => {
    const app = await start();
    const client = await connectComponent(app, ported);
    const id = client.id;
    client.disconnect();
    await expect.poll(() => app.get(PortedSocket).disconnects).toEqual([{ id, reason: 'client namespace disconnect' }]);
  });

  it('refuses handle() and handleConnection() on one class, naming both', async () => {
    const error = await startupErrorOf(BothConnectHooks);
    expect(error).toBeInstanceOf(InvalidComponentSocketError);
    expect((error as Error).message).toBe(
      'RainSocketsModule: BothConnectHooks defines both handle() and handleConnection(), which are one hook on a component ' +
        'socket (handleConnection is the gateway name of handle). Keep one of them.',
    );
  });

  it('refuses onDisconnect() and handleDisconnect() on one class, naming both', async () => {
    const error = await startupErrorOf(BothDisconnectHooks);
    expect(error).toBeInstanceOf(InvalidComponentSocketError);
    expect((error as Error).message).toBe(
      'RainSocketsModule: BothDisconnectHooks defines both onDisconnect() and handleDisconnect(), which are one hook on a ' +
        'component socket (handleDisconnect is the gateway name of onDisconnect). Keep one of them.',
    );
  });

  it('refuses a class that is both a @WebSocketGateway and a @ComponentSocket', async () => {
    const error = await startupErrorOf(GatewayAndComponentSocket);
    expect(error).toBeInstanceOf(InvalidComponentSocketError);
    expect((error as Error).message).toBe(
      'RainSocketsModule: GatewayAndComponentSocket is both a @WebSocketGateway and a @ComponentSocket, so Nest would serve ' +
        'it as a gateway too. Remove @WebSocketGateway(): a component socket takes the gateway hooks (afterInit, ' +
        'handleConnection, handleDisconnect, @WebSocketServer()) as they are.',
    );
  });

  it('stops the start-up when afterInit() fails, naming it', async () => {
    const error = await startupErrorOf(FailingInitSocket);
    expect(error).toMatchObject({
      message: 'RainSocketsModule: FailingInitSocket.afterInit() failed',
      cause: new Error('no database'),
    });
  });
});
