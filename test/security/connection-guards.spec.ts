import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { of } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type RainSocket, type RainSocketsOptions, WsException } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { ORIGIN_REFUSED, connectOutcome } from './fixtures/connect-failure.js';
import { guarded } from './fixtures/guarded.component.js';
import { type GuardedApp, startGuardedApp } from './fixtures/guarded-app.js';

/** Admits handshakes whose session has logged in, and says why otherwise. */
@Injectable()
class LoggedInGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    const socket = context.switchToWs().getClient<RainSocket>();
    if (!socket.session?.get('user')) throw new WsException({ code: 'unauthorized', message: 'Log in first.' });
    return true;
  }
}

describe('connection guards at the handshake', () => {
  let running: GuardedApp | undefined;

  async function start(options: RainSocketsOptions) {
    running = await startGuardedApp(options);
    return running;
  }

  afterEach(async () => {
    closeComponentClients();
    await running?.app.close();
    running = undefined;
  });

  it("reads the HTTP session, refuses with the guard's reason, and handle() never runs", async () => {
    const app = await start({ connectionGuards: [LoggedInGuard] });
    const cookie = await app.newCookie();
    await expect(connectComponent(app.app, guarded, { cookie })).rejects.toMatchObject({
      message: 'Log in first.',
      data: { code: 'unauthorized' },
    });
    expect(app.socket.handled).toBe(0);
    await fetch(`${app.url}/session/login`, { method: 'POST', headers: { cookie } });
    const socket = await connectComponent(app.app, guarded, { cookie });
    await expect(emitWithAck(socket, 'get', 'user')).resolves.toBe('ada');
    expect(app.socket.handled).toBe(1);
  });

  for (const [kind, answer] of [
    ['false', () => false],
    ['a promise of false', () => Promise.resolve(false)],
    ['an observable of false', () => of(false)],
  ] as const) {
    it(`refuses with forbidden when a guard returns ${kind}, and handle() never runs`, async () => {
      const refusing: CanActivate = { canActivate: answer };
      const app = await start({ connectionGuards: [refusing] });
      await expect(connectOutcome(connectComponent(app.app, guarded))).resolves.toEqual({
        message: 'Connection refused by a guard.',
        data: { code: 'forbidden' },
      });
      expect(app.socket.handled).toBe(0);
    });
  }

  it('runs after the origin check and the caps: a refused origin never reaches the guard', async () => {
    let asked = 0;
    const counting: CanActivate = { canActivate: () => (asked++, true) };
    const app = await start({ connectionGuards: [counting], connectionLimit: { perUser: 1 } });
    const cookie = await app.newCookie();
    await expect(connectOutcome(connectComponent(app.app, guarded, { cookie, origin: 'https://evil.example' }))).resolves.toEqual(
      ORIGIN_REFUSED.websocket,
    );
    await connectComponent(app.app, guarded, { cookie });
    await expect(connectComponent(app.app, guarded, { cookie })).rejects.toMatchObject({ data: { code: 'too_many_connections' } });
    expect(asked).toBe(1);
  });
});
