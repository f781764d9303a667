import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { afterEach, describe, expect, it } from 'vitest';
import type { RainConnectionTally, RainSocketsOptions } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { guarded } from './fixtures/guarded.component.js';
import { type GuardedApp, startGuardedApp } from './fixtures/guarded-app.js';

const tooMany = (scope: 'user' | 'address', limit: number) => ({
  message: `Too many connections for this ${scope} (at most ${limit}).`,
  data: { code: 'too_many_connections', details: { scope, limit } },
});

/** Refuses handshakes whose auth says `deny`. */
@Injectable()
class DenyOnRequestGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    return context.switchToWs().getData<{ deny?: boolean }>()?.deny !== true;
  }
}

describe('connection caps', () => {
  let running: GuardedApp | undefined;

  async function start(options: RainSocketsOptions = {}) {
    running = await startGuardedApp(options);
    return running;
  }

  /** Resolves once the server has seen `count` disconnects in all. */
  async function serverSawDisconnects(app: GuardedApp, count: number) {
    while (app.socket.disconnects.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  afterEach(async () => {
    closeComponentClients();
    await running?.app.close();
    running = undefined;
  });

  it('caps the sockets of one session, and gives the place back when one leaves', async () => {
    const app = await start({ connectionLimit: { perUser: 2 } });
    const cookie = await app.newCookie();
    const first = await connectComponent(app.app, guarded, { cookie });
    await connectComponent(app.app, guarded, { cookie });
    await expect(connectComponent(app.app, guarded, { cookie })).rejects.toMatchObject(tooMany('user', 2));
    // Another session is not concerned.
    await expect(connectComponent(app.app, guarded, { cookie: await app.newCookie() })).resolves.toBeDefined();
    first.disconnect();
    await serverSawDisconnects(app, 1);
    const again = await connectComponent(app.app, guarded, { cookie });
    await expect(emitWithAck(again, 'echo', 'in')).resolves.toBe('in');
  });

  it('allows 20 sockets per session by default', async () => {
    const app = await start();
    const cookie = await app.newCookie();
    for (let i = 0; i < 20; i++) await connectComponent(app.app, guarded, { cookie });
    await expect(connectComponent(app.app, guarded, { cookie })).rejects.toMatchObject(tooMany('user', 20));
  });

  it('counts a burst of simultaneous handshakes exactly', async () => {
    const app = await start({ connectionLimit: { perUser: 3 } });
    const cookie = await app.newCookie();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => connectComponent(app.app, guarded, { cookie })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.data.code)).toEqual(
      Array(9).fill('too_many_connections'),
    );
  });

  it('caps the sockets of one address when asked, with the address a proxy reports', async () => {
    const app = await start({
      connectionLimit: { perUser: false, perAddress: 1, address: (socket) => socket.handshake.headers['x-forwarded-for'] as string },
    });
    const from = (ip: string) => ({ client: { extraHeaders: { 'x-forwarded-for': ip } } });
    await connectComponent(app.app, guarded, from('203.0.113.1'));
    await connectComponent(app.app, guarded, from('203.0.113.2'));
    await expect(connectComponent(app.app, guarded, from('203.0.113.1'))).rejects.toMatchObject(tooMany('address', 1));
  });

  it('gives the place back when a later step (a connection guard) refuses the socket', async () => {
    const app = await start({ connectionLimit: { perUser: 1 }, connectionGuards: [DenyOnRequestGuard] });
    const cookie = await app.newCookie();
    for (let i = 0; i < 3; i++) {
      await expect(connectComponent(app.app, guarded, { cookie, auth: { deny: true } })).rejects.toMatchObject({ data: { code: 'forbidden' } });
    }
    await expect(connectComponent(app.app, guarded, { cookie })).resolves.toBeDefined();
  });

  it('counts in the tally it is given, and admits when that tally fails', async () => {
    const calls: string[] = [];
    let failing = false;
    const tally: RainConnectionTally = {
      tryAdd: async (key, limit) => {
        calls.push(`add ${key.split(':')[0]} ${limit}`);
        if (failing) throw new Error('redis down');
        return true;
      },
      remove: (key) => void calls.push(`remove ${key.split(':')[0]}`),
    };
    const app = await start({ connectionLimit: { perUser: 5, perAddress: 50, tally } });
    const socket = await connectComponent(app.app, guarded);
    socket.disconnect();
    await serverSawDisconnects(app, 1);
    expect(calls).toEqual(['add user 5', 'add address 50', 'remove user', 'remove address']);
    failing = true;
    await expect(connectComponent(app.app, guarded)).resolves.toBeDefined();
  });
});
