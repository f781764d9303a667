import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { RainSessionService, type RainSessionStats, RainSocketsModule } from 'rain-sockets';
import { closeApps, connectComponent, emitWithAck, startApp } from 'rain-sockets/testing';
import { FlakyStore } from './fixtures/flaky-store.js';
import { HttpClient } from './fixtures/http-client.js';
import { NotesComponent } from './fixtures/session-app.js';

const notes = { id: 'notes', version: '1.0.0', channel: 'notes' };

describe('RainSessionService.stats', () => {
  let app: INestApplication;

  afterEach(closeApps);

  it('counts loads, saves and store errors as they happen, and nothing for an event that changes nothing', async () => {
    const store = new FlakyStore();
    app = await startApp(Test.createTestingModule({ imports: [RainSocketsModule.forRoot({ session: { secret: 'stats', store } }), NotesComponent] }));
    const stats = app.get(RainSessionService).stats;
    const http = new HttpClient(app);
    await http.request('GET', '/session');
    const since = (before: RainSessionStats) =>
      Object.fromEntries(Object.entries(stats).map(([name, value]) => [name, value - before[name as keyof RainSessionStats]]));

    const connecting = { ...stats };
    const socket = await connectComponent(app, notes, { cookie: http.cookie });
    await emitWithAck(socket, 'get', 'x');
    // The handshake loaded the session; handle() wrote `handled`.
    expect(since(connecting)).toEqual({ loads: 1, saves: 1, conflicts: 0, storeErrors: 0, writeBacks: 0 });

    const events = { ...stats };
    for (let i = 0; i < 3; i++) await emitWithAck(socket, 'get', 'x');
    await emitWithAck(socket, 'set', { key: 'k', value: 1 });
    store.failing = true;
    await expect(emitWithAck(socket, 'set', { key: 'k', value: 2 })).resolves.toMatchObject({ code: 'session_store_unavailable' });
    expect(since(events)).toEqual({ loads: 0, saves: 1, conflicts: 0, storeErrors: 1, writeBacks: 0 });
  });
});
