import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RainSocketsModule } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck, nextEvent } from 'rain-sockets/testing';
import { WireComponent } from './fixtures/wire.component.js';

describe('acknowledgements and binary payloads', () => {
  let app: INestApplication;
  const wire = { id: 'wire', version: '1.0.0', channel: 'wire' };

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [RainSocketsModule.forRoot({}), WireComponent],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
  });

  afterEach(async () => {
    closeComponentClients();
    await app.close();
  });

  describe('acknowledgements', () => {
    it('lets the server ask the client and get its answer', async () => {
      const socket = await connectComponent(app, wire);
      socket.on('question', (question: string, answer: (reply: unknown) => void) => answer(`${question}? yes`));
      await expect(emitWithAck(socket, 'ask-client', { question: 'ready', timeoutMs: 1_000 })).resolves.toEqual({
        answer: 'ready? yes',
      });
    });

    it("times out on the server when the client does not answer, and the server's handler goes on", async () => {
      const socket = await connectComponent(app, wire);
      socket.on('question', () => {}); // heard, never acknowledged
      await expect(emitWithAck(socket, 'ask-client', { question: 'anyone', timeoutMs: 50 })).resolves.toEqual({
        timedOut: true,
        reason: 'operation has timed out',
      });
    });

    it('times out on the client when the server does not answer, and the server still serves it', async () => {
      const socket = await connectComponent(app, wire);
      await expect(socket.timeout(50).emitWithAck('never-answers', {})).rejects.toThrow('operation has timed out');
      await expect(emitWithAck(socket, 'echo', { still: 'here' })).resolves.toEqual({ still: 'here' });
    });
  });

  describe('binary', () => {
    it('receives Buffer, ArrayBuffer and typed arrays mixed with JSON as Buffers with their bytes', async () => {
      const socket = await connectComponent(app, wire);
      const floats = new Float32Array([1]);
      const answer = await emitWithAck(socket, 'inspect', {
        text: 'photo',
        count: 2,
        buffer: Buffer.from('hi'),
        arrayBuffer: new Uint8Array([9, 8]).buffer,
        typed: new Uint16Array([258]),
        nested: [{ floats }, null],
      });
      expect(answer).toEqual({
        text: 'photo',
        count: 2,
        buffer: { kind: 'Buffer', bytes: [104, 105] },
        arrayBuffer: { kind: 'Buffer', bytes: [9, 8] },
        typed: { kind: 'Buffer', bytes: [...new Uint8Array(new Uint16Array([258]).buffer)] },
        nested: [{ floats: { kind: 'Buffer', bytes: [...new Uint8Array(floats.buffer)] } }, null],
      });
    });

    it('round-trips binary through an ack, byte for byte', async () => {
      const socket = await connectComponent(app, wire);
      const bytes = Buffer.alloc(256 * 1024, 0);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
      const answer = await emitWithAck<{ name: string; data: Buffer }>(socket, 'echo', { name: 'noise.bin', data: bytes });
      expect(answer.name).toBe('noise.bin');
      expect(Buffer.isBuffer(answer.data)).toBe(true);
      expect(answer.data.equals(bytes)).toBe(true);
    });

    it('sends binary from the server to the client, mixed with JSON', async () => {
      const socket = await connectComponent(app, wire);
      const received = nextEvent(socket, 'binary');
      await emitWithAck(socket, 'send-binary');
      const payload = await received;
      expect(payload.title).toBe('mixed');
      expect([...payload.buffer]).toEqual([1, 2, 3]);
      expect([...new Float32Array(new Uint8Array(payload.floats).buffer)]).toEqual([1.5, -2]);
      expect([...payload.parts[0].raw]).toEqual([255, 0]);
    });
  });
});
