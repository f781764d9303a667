import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidUploadOptionError, OnUpload, RainSocketsModule } from 'rain-sockets';
import { closeComponentClients, connectComponent, emitWithAck } from 'rain-sockets/testing';
import { RainUploadError, uploadFile } from 'rain-client';
import { UploadsComponent, UploadsSocket, sha256 } from './fixtures/uploads.component.js';

const bytes = (length: number, seed = 7) => Buffer.from(Array.from({ length }, (_, i) => (i * seed + 3) & 0xff));

describe('file uploads over a component socket', () => {
  let app: INestApplication;
  let files: UploadsSocket;
  let storeDir: string;
  const address = { id: 'files', version: '1.0.0', channel: 'files' };

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [RainSocketsModule.forRoot({}), UploadsComponent],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
    files = app.get(UploadsSocket);
    storeDir = await mkdtemp(join(tmpdir(), 'rain-uploads-'));
    files.storeDir = storeDir;
  });

  afterEach(async () => {
    closeComponentClients();
    await app.close();
    await rm(storeDir, { recursive: true, force: true });
  });

  describe('buffer mode', () => {
    it('hands the handler the whole file and reports progress chunk by chunk', async () => {
      const socket = await connectComponent(app, address);
      const file = bytes(40_000);
      const progress: number[] = [];
      const answer = await uploadFile(socket, 'avatar', file, {
        name: 'me.png',
        type: 'image/png',
        onProgress: ({ loaded, total }) => progress.push(loaded / total),
      });
      expect(answer).toEqual({ name: 'me.png', type: 'image/png', size: 40_000, sha256: sha256(file), by: socket.id });
      expect(progress).toEqual([16_384 / 40_000, 32_768 / 40_000, 1]);
    });

    it('uploads a Blob, keeping only the base name of what the client calls it', async () => {
      const socket = await connectComponent(app, address);
      const blob = new Blob([bytes(1000)], { type: 'text/plain' });
      const answer = await uploadFile(socket, 'avatar', blob, { name: '../../etc/passwd' });
      expect(answer).toMatchObject({ name: 'passwd', type: 'text/plain', size: 1000, sha256: sha256(bytes(1000)) });
    });

    it('uploads an empty file', async () => {
      const socket = await connectComponent(app, address);
      await expect(uploadFile(socket, 'avatar', new Uint8Array(0))).resolves.toMatchObject({ name: 'upload', size: 0 });
    });

    it('refuses a file over the limit before any byte is sent, with a clear error', async () => {
      const socket = await connectComponent(app, address);
      const progress: number[] = [];
      const upload = uploadFile(socket, 'avatar', bytes(64 * 1024 + 1), {
        name: 'huge.png',
        onProgress: ({ loaded }) => progress.push(loaded),
      });
      await expect(upload).rejects.toThrow(RainUploadError);
      await expect(upload).rejects.toMatchObject({
        code: 'payload_too_large',
        message: 'Upload "huge.png" is 65537 bytes; the limit is 65536 bytes.',
      });
      expect(progress).toEqual([]);
      expect(files.received).toEqual([]);
    });

    it('stops a client that sends more than it declared, and forgets the upload', async () => {
      const socket = await connectComponent(app, address);
      const { id } = await emitWithAck(socket, 'avatar', { op: 'start', name: 'liar.bin', size: 10 });
      await expect(emitWithAck(socket, 'avatar', { op: 'chunk', id, offset: 0, data: bytes(20) })).resolves.toMatchObject({
        status: 'error',
        code: 'payload_too_large',
        message: 'Upload "liar.bin" sent more than the 10 bytes it declared.',
      });
      await expect(emitWithAck(socket, 'avatar', { op: 'end', id })).resolves.toMatchObject({ code: 'upload_not_found' });
      expect(files.received).toEqual([]);
    });

    it('refuses an end before every declared byte came', async () => {
      const socket = await connectComponent(app, address);
      const { id } = await emitWithAck(socket, 'avatar', { op: 'start', name: 'short.bin', size: 10 });
      await emitWithAck(socket, 'avatar', { op: 'chunk', id, offset: 0, data: bytes(4) });
      await expect(emitWithAck(socket, 'avatar', { op: 'end', id })).resolves.toMatchObject({
        code: 'bad_request',
        message: 'Upload "short.bin" ended after 4 of its 10 bytes.',
      });
      expect(files.received).toEqual([]);
    });

    it('answers malformed upload messages with bad_request and keeps serving', async () => {
      const socket = await connectComponent(app, address);
      await expect(emitWithAck(socket, 'avatar', 'hello')).resolves.toMatchObject({ code: 'bad_request' });
      await expect(emitWithAck(socket, 'avatar', { op: 'start', size: -1 })).resolves.toMatchObject({
        code: 'bad_request',
        message: 'Invalid upload message: "size" must be a whole number of bytes.',
      });
      await expect(uploadFile(socket, 'avatar', bytes(10))).resolves.toMatchObject({ size: 10 });
    });

    it('never calls the handler for an upload cut off midway, and the client says so', async () => {
      const socket = await connectComponent(app, address);
      const upload = uploadFile(socket, 'avatar', bytes(40_000), {
        name: 'cut.png',
        onProgress: ({ loaded }) => loaded >= 16_384 && socket.disconnect(),
      });
      await expect(upload).rejects.toMatchObject({ code: 'disconnected' });
      await expect(upload).rejects.toThrow('Upload "cut.png" was cut off: the connection closed.');
      expect(files.received).toEqual([]);
    });

    it('runs the method guards on upload messages', async () => {
      const socket = await connectComponent(app, address);
      await expect(uploadFile(socket, 'private', bytes(10))).rejects.toMatchObject({ code: 'forbidden' });
      expect(files.received).toEqual([]);
    });
  });

  describe('stream mode', () => {
    it('streams to the handler while the client still sends, and saves the file whole', async () => {
      const socket = await connectComponent(app, address);
      const file = bytes(100_000, 13);
      files.log = [];
      const answer = await uploadFile(socket, 'archive', file, {
        name: 'data.tar',
        onProgress: () => files.log.push('client:acked'),
      });
      expect(answer).toEqual({ saved: 'data.tar', size: 100_000 });
      expect((await readFile(join(storeDir, 'data.tar'))).equals(file)).toBe(true);
      expect(await readdir(storeDir)).toEqual(['data.tar']);
      expect(files.log.indexOf('server:data')).toBeLessThan(files.log.lastIndexOf('client:acked'));
    });

    it('leaves nothing behind when the connection drops midway', async () => {
      const socket = await connectComponent(app, address);
      const upload = uploadFile(socket, 'archive', bytes(100_000), {
        name: 'dropped.tar',
        onProgress: ({ loaded }) => loaded >= 32_768 && socket.disconnect(),
      });
      await expect(upload).rejects.toMatchObject({ code: 'disconnected' });
      await expect.poll(() => files.outcomes).toEqual(['Upload "dropped.tar" was cut off: the connection closed.']);
      expect(await readdir(storeDir)).toEqual([]);
    });

    it('leaves nothing behind when the client aborts, and tells the client', async () => {
      const socket = await connectComponent(app, address);
      const controller = new AbortController();
      const upload = uploadFile(socket, 'archive', bytes(100_000), {
        name: 'aborted.tar',
        signal: controller.signal,
        onProgress: ({ loaded }) => loaded >= 32_768 && controller.abort(),
      });
      await expect(upload).rejects.toMatchObject({ code: 'aborted', message: 'Upload "aborted.tar" was aborted.' });
      await expect.poll(() => files.outcomes).toEqual(['Upload "aborted.tar" was aborted by the client.']);
      expect(await readdir(storeDir)).toEqual([]);
      // The same connection goes on uploading.
      await expect(uploadFile(socket, 'archive', bytes(10), { name: 'next.tar' })).resolves.toEqual({ saved: 'next.tar', size: 10 });
    });

    it('drops an upload that stalls, leaving nothing behind', async () => {
      const socket = await connectComponent(app, address);
      const { id } = await emitWithAck(socket, 'archive', { op: 'start', name: 'stalled.tar', size: 100 });
      await emitWithAck(socket, 'archive', { op: 'chunk', id, offset: 0, data: bytes(50) });
      await expect.poll(() => files.outcomes).toEqual(['Upload "stalled.tar" was dropped: no chunk came in time.']);
      await expect(emitWithAck(socket, 'archive', { op: 'chunk', id, offset: 50, data: bytes(50) })).resolves.toMatchObject({
        code: 'upload_not_found',
      });
      expect(await readdir(storeDir)).toEqual([]);
    });

    it("answers the handler's own failure at the next chunk and stops the upload", async () => {
      const socket = await connectComponent(app, address);
      const file = Buffer.concat([Buffer.from('X'), bytes(20_000)]);
      const sent: number[] = [];
      const upload = uploadFile(socket, 'picky', file, { onProgress: ({ loaded }) => sent.push(loaded) });
      await expect(upload).rejects.toMatchObject({ code: 'unsupported_format', message: 'Only P-files are accepted.' });
      expect(sent.length).toBeLessThan(Math.ceil(file.length / 1024));
    });

    it('refuses a file over the limit before the handler runs', async () => {
      const socket = await connectComponent(app, address);
      await expect(uploadFile(socket, 'archive', bytes(256 * 1024 + 1))).rejects.toMatchObject({ code: 'payload_too_large' });
      expect(files.received).toEqual([]);
      expect(await readdir(storeDir)).toEqual([]);
    });
  });

  it('refuses options that cannot work as the class is declared', () => {
    expect(() => OnUpload('x', { maxSize: 0 })).toThrow(InvalidUploadOptionError);
    expect(() => OnUpload('x', { as: 'file' as never })).toThrow('@OnUpload("x"): option "as" must be "buffer" or "stream"; got "file".');
  });
});
