import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RainSocketsModule } from 'rain-sockets';
import { closeApps, startApp } from 'rain-sockets/testing';
import { PresenceList, type RainClient, createRainClient } from 'rain-client';
import { LobbyComponent } from './fixtures/lobby.component.js';

/** What a PresenceList shows, refs left out: key → devices. */
const shown = (presence: PresenceList<{ device?: string }>) =>
  Object.fromEntries(presence.list().map(({ key, metas }) => [key, metas.map((m) => m.device ?? '-')]));

describe('PresenceList (rain-client) against the server', () => {
  let app: INestApplication;
  const clients: RainClient[] = [];

  beforeEach(async () => {
    app = await startApp(Test.createTestingModule({ imports: [RainSocketsModule.forRoot({}), LobbyComponent] }));
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await closeApps();
  });

  /** A browser tab: its own rain client, on the lobby's channel, as `auth` says. */
  async function tab(auth: Record<string, unknown>) {
    const rain = createRainClient({ url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), keepAlivePath: false, socket: { auth } });
    clients.push(rain);
    return rain.component('lobby', '1.0.0').messaging.getSocket('presence');
  }

  /** Resolves at the next onSync where `done` holds. */
  const until = (presence: PresenceList<any>, done: () => boolean) =>
    new Promise<void>((resolve) => {
      if (presence.inSync && done()) return resolve();
      const stop = presence.onSync(() => {
        if (done()) {
          stop();
          resolve();
        }
      });
    });

  it('keeps a synced list: joins, a second tab, a tab closed, a user gone', async () => {
    const watcher = await tab({ watch: true });
    const presence = new PresenceList<{ device?: string }>(watcher);
    const events: string[] = [];
    presence.onJoin((key, current, joined) => events.push(`join ${key} ${current ? 'another tab' : 'new'} ${joined.metas[0]!.device}`));
    presence.onLeave((key, current, left) => events.push(`leave ${key} ${current.metas.length ? 'a tab' : 'gone'} ${left.metas[0]!.device}`));
    await until(presence, () => true);
    expect(presence.list()).toEqual([]);

    const laptop = await tab({ user: 'ann', device: 'laptop' });
    await until(presence, () => presence.get('ann')?.length === 1);
    await tab({ user: 'ann', device: 'phone' });
    await tab({ user: 'bob', device: 'web' });
    await until(presence, () => presence.get('ann')?.length === 2 && presence.get('bob') !== undefined);
    expect(shown(presence)).toEqual({ ann: ['laptop', 'phone'], bob: ['web'] });

    laptop.disconnect();
    await until(presence, () => presence.get('ann')?.length === 1);
    expect(shown(presence)).toEqual({ ann: ['phone'], bob: ['web'] });
    expect(events).toEqual(['join ann new laptop', 'join ann another tab phone', 'join bob new web', 'leave ann a tab laptop']);
  });

  it('follows one room only when given one', async () => {
    const ann = await tab({ user: 'ann' });
    const inRed = new PresenceList(ann, { room: 'red' });
    const onChannel = new PresenceList(ann);
    await until(onChannel, () => onChannel.get('ann') !== undefined);
    await ann.timeout(2_000).emitWithAck('enter', { room: 'red', user: 'ann-in-red' });
    await until(inRed, () => inRed.get('ann-in-red') !== undefined);
    expect(inRed.list().map((p) => p.key)).toEqual(['ann-in-red']);
    expect(onChannel.list().map((p) => p.key)).toEqual(['ann']);
  });

  it('resyncs after a reconnect: who left meanwhile leaves, who came joins', async () => {
    const watcher = await tab({ watch: true });
    const presence = new PresenceList<{ device?: string }>(watcher);
    const bob = await tab({ user: 'bob' });
    await until(presence, () => presence.get('bob') !== undefined);
    const left: string[] = [];
    presence.onLeave((key, current) => !current.metas.length && left.push(key));

    watcher.disconnect();
    expect(presence.inSync).toBe(false);
    bob.disconnect();
    await tab({ user: 'cat' });
    watcher.connect();
    await until(presence, () => presence.get('cat') !== undefined);
    expect(presence.list().map((p) => p.key)).toEqual(['cat']);
    expect(left).toEqual(['bob']);
  });

  it('keeps applying when one callback throws, and reports it', async () => {
    const errors: string[] = [];
    const rain = createRainClient({ url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), keepAlivePath: false, socket: { auth: { watch: true } } });
    clients.push(rain);
    const presence = new PresenceList(rain.component('lobby', '1.0.0').messaging.getSocket('presence'), {
      onError: (_error, message) => errors.push(message),
    });
    presence.onJoin(() => {
      throw new Error('bad callback');
    });
    const joined: string[] = [];
    presence.onJoin((key) => joined.push(key));
    await tab({ user: 'ann' });
    await until(presence, () => presence.get('ann') !== undefined);
    expect(joined).toEqual(['ann']);
    expect(errors).toEqual(['rain-client: a presence onJoin callback failed.']);
  });
});
