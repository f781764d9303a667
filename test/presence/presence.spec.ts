import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PresenceDiffPayload, type PresenceStatePayload, RainPresenceService, RainSocketsModule, RainSocketsRegistry } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent, noEvent } from 'rain-sockets/testing';
import { HallComponent, LobbyComponent } from './fixtures/lobby.component.js';
import { withoutRefs } from './fixtures/strip-refs.js';

const lobby = { id: 'lobby', version: '1.0.0', channel: 'presence' };
const hall = { id: 'hall', version: '1.0.0', channel: 'presence' };

describe('presence on one node', () => {
  let app: INestApplication;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [RainSocketsModule.forRoot({}), LobbyComponent, HallComponent] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
  });

  afterEach(async () => {
    closeComponentClients();
    await app.close();
  });

  const join = (user: string, device = 'web', address = lobby) => connectComponent(app, address, { auth: { user, device } });
  const state = async (socket: Parameters<typeof nextEvent>[0]) =>
    withoutRefs((await nextEvent<PresenceStatePayload>(socket, 'presence_state')).presences);
  const diff = async (socket: Parameters<typeof nextEvent>[0]) => {
    const payload = await nextEvent<PresenceDiffPayload>(socket, 'presence_diff');
    return { room: payload.room, joins: withoutRefs(payload.joins), leaves: withoutRefs(payload.leaves) };
  };
  const listed = () => withoutRefs(app.get(RainPresenceService).list(app.get(RainSocketsRegistry).server('lobby', '1.0.0', 'presence')));

  it('sends the whole state, itself included, to a socket that joins, and the join to those already there', async () => {
    const ann = await join('ann');
    expect(await state(ann)).toEqual({ ann: [{ device: 'web' }] });

    const bob = await join('bob', 'phone');
    expect(await state(bob)).toEqual({ ann: [{ device: 'web' }], bob: [{ device: 'phone' }] });
    expect(await diff(ann)).toEqual({ room: null, joins: { bob: [{ device: 'phone' }] }, leaves: {} });
    await noEvent(bob, 'presence_diff');
  });

  it('gives every meta a ref, the same in the state, the diff and list()', async () => {
    const ann = await join('ann');
    const bob = await join('bob');
    const fromState = (await nextEvent<PresenceStatePayload>(bob, 'presence_state')).presences.bob!.metas[0]!.rain_ref;
    const fromDiff = (await nextEvent<PresenceDiffPayload>(ann, 'presence_diff')).joins.bob!.metas[0]!.rain_ref;
    const fromList = app.get(RainPresenceService).list(app.get(RainSocketsRegistry).server('lobby', '1.0.0', 'presence')).bob!.metas[0]!.rain_ref;
    expect(fromState).toMatch(/\S/);
    expect(new Set([fromState, fromDiff, fromList]).size).toBe(1);
  });

  it('keeps one key with a meta per tab, and removes the key only when its last tab goes', async () => {
    const watcher = await connectComponent(app, lobby, { auth: { watch: true } });
    expect(await state(watcher)).toEqual({});
    const laptop = await join('ann', 'laptop');
    const phone = await join('ann', 'phone');
    await diff(watcher);
    await diff(watcher);
    expect(await state(phone)).toEqual({ ann: [{ device: 'laptop' }, { device: 'phone' }] });
    expect(listed()).toEqual({ ann: [{ device: 'laptop' }, { device: 'phone' }] });

    laptop.disconnect();
    expect(await diff(watcher)).toEqual({ room: null, joins: {}, leaves: { ann: [{ device: 'laptop' }] } });
    expect(listed()).toEqual({ ann: [{ device: 'phone' }] });

    phone.disconnect();
    expect(await diff(watcher)).toEqual({ room: null, joins: {}, leaves: { ann: [{ device: 'phone' }] } });
    expect(listed()).toEqual({});
  });

  it('sends the leave of a socket that disconnects to everyone watching', async () => {
    const ann = await join('ann');
    const bob = await join('bob');
    await diff(ann);
    bob.disconnect();
    expect(await diff(ann)).toEqual({ room: null, joins: {}, leaves: { bob: [{ device: 'web' }] } });
    await expect(emitWithAck(ann, 'list')).resolves.toSatisfy((s: any) => Object.keys(s).join() === 'ann');
  });

  it('updates a meta as one diff: the old meta leaves and the new one joins, the key stays', async () => {
    const ann = await join('ann');
    const bob = await join('bob');
    await diff(ann);
    await expect(emitWithAck(bob, 'status', { user: 'bob', meta: { device: 'web', away: true } })).resolves.toBe(true);
    expect(await diff(ann)).toEqual({
      room: null,
      joins: { bob: [{ device: 'web', away: true }] },
      leaves: { bob: [{ device: 'web' }] },
    });
    expect(listed()).toEqual({ ann: [{ device: 'web' }], bob: [{ device: 'web', away: true }] });
  });

  it('untracks a key while the socket stays and keeps watching', async () => {
    const ann = await join('ann');
    const bob = await join('bob');
    await diff(ann);
    await emitWithAck(bob, 'untrack', { user: 'bob' });
    expect(await diff(ann)).toEqual({ room: null, joins: {}, leaves: { bob: [{ device: 'web' }] } });
    expect(await diff(bob)).toEqual({ room: null, joins: {}, leaves: { bob: [{ device: 'web' }] } });
    const carol = await join('carol');
    expect(await diff(bob)).toEqual({ room: null, joins: { carol: [{ device: 'web' }] }, leaves: {} });
    await state(carol);
  });

  it('keeps presence in a room to that room: its state, its diffs, its list', async () => {
    const [ann, bob, carol] = await Promise.all([join('ann'), join('bob'), join('carol')]);
    await emitWithAck(ann, 'enter', { room: 'red', user: 'ann', meta: { seat: 1 } });
    expect(await nextEvent(ann, 'presence_state')).toMatchObject({ room: null });
    expect(await nextEvent<PresenceStatePayload>(ann, 'presence_state')).toMatchObject({ room: 'red' });

    await emitWithAck(bob, 'enter', { room: 'red', user: 'bob', meta: { seat: 2 } });
    await emitWithAck(carol, 'enter', { room: 'blue', user: 'carol' });
    const redDiff = await nextEvent<PresenceDiffPayload>(ann, 'presence_diff');
    // ann saw bob and carol join the channel first; skip to the room's diff.
    const diffs = [redDiff, await nextEvent<PresenceDiffPayload>(ann, 'presence_diff'), await nextEvent<PresenceDiffPayload>(ann, 'presence_diff')];
    const red = diffs.filter((d) => d.room === 'red');
    expect(red.map((d) => withoutRefs(d.joins))).toEqual([{ bob: [{ seat: 2 }] }]);
    expect(diffs.some((d) => d.room === 'blue')).toBe(false);
    await expect(emitWithAck(carol, 'list', 'red')).resolves.toSatisfy((s: any) => Object.keys(s).sort().join() === 'ann,bob');
    await expect(emitWithAck(carol, 'list', 'blue')).resolves.toSatisfy((s: any) => Object.keys(s).join() === 'carol');
    expect(await app.get(RainSocketsRegistry).server('lobby', '1.0.0', 'presence').members('red')).toHaveLength(2);
  });

  it('takes a socket out of a room’s presence when it leaves the room, and stops its diffs', async () => {
    const [ann, bob] = await Promise.all([join('ann'), join('bob')]);
    await emitWithAck(ann, 'enter', { room: 'red', user: 'ann' });
    await emitWithAck(bob, 'enter', { room: 'red', user: 'bob' });
    const roomDiff = async () => {
      for (;;) {
        const d = await nextEvent<PresenceDiffPayload>(ann, 'presence_diff');
        if (d.room === 'red') return { joins: withoutRefs(d.joins), leaves: withoutRefs(d.leaves) };
      }
    };
    expect(await roomDiff()).toEqual({ joins: { bob: [{}] }, leaves: {} });
    await emitWithAck(bob, 'leave-room', 'red');
    expect(await roomDiff()).toEqual({ joins: {}, leaves: { bob: [{}] } });
    await expect(emitWithAck(ann, 'list', 'red')).resolves.toSatisfy((s: any) => Object.keys(s).join() === 'ann');
    // bob still tracks on the channel itself.
    await expect(emitWithAck(ann, 'list')).resolves.toSatisfy((s: any) => Object.keys(s).sort().join() === 'ann,bob');
  });

  it('lets a socket watch a room without being listed', async () => {
    const ann = await join('ann');
    const lurker = await connectComponent(app, lobby, { auth: { watch: true } });
    await emitWithAck(ann, 'enter', { room: 'red', user: 'ann' });
    await emitWithAck(lurker, 'watch', 'red');
    let payload: PresenceStatePayload;
    do payload = await nextEvent<PresenceStatePayload>(lurker, 'presence_state');
    while (payload.room !== 'red');
    expect(withoutRefs(payload.presences)).toEqual({ ann: [{}] });
    await expect(emitWithAck(ann, 'list', 'red')).resolves.toSatisfy((s: any) => Object.keys(s).join() === 'ann');
  });

  it('keeps two components’ presences apart', async () => {
    const ann = await join('ann');
    const zed = await join('zed', 'web', hall);
    expect(await state(zed)).toEqual({ zed: [{ device: 'web' }] });
    await noEvent(ann, 'presence_diff');
    expect(listed()).toEqual({ ann: [{ device: 'web' }] });
  });

  it('answers bad input with bad_request to that client, and goes on serving the others', async () => {
    const ann = await join('ann');
    await expect(emitWithAck(ann, 'enter', { user: '' })).resolves.toMatchObject({
      status: 'error',
      code: 'bad_request',
      message: 'Presence key must be a non-empty string; got "".',
    });
    await expect(emitWithAck(ann, 'enter', { user: 'x', meta: ['a'] })).resolves.toMatchObject({ code: 'bad_request', message: expect.stringContaining('plain object') });
    await expect(emitWithAck(ann, 'enter', { user: 'ann' })).resolves.toMatchObject({ code: 'bad_request', message: expect.stringContaining('already tracks "ann"') });
    await expect(emitWithAck(ann, 'status', { user: 'nobody' })).resolves.toMatchObject({ code: 'bad_request', message: expect.stringContaining('does not track "nobody"') });
    const bob = await join('bob');
    expect(await state(bob)).toEqual({ ann: [{ device: 'web' }], bob: [{ device: 'web' }] });
  });
});
