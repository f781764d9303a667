import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { RainClientError } from '../handlers/ws-error.js';
import type { RainUploadInfo } from './rain-upload.interface.js';
import type { ResolvedUploadOptions } from './upload-options.js';
import {
  chunkOutOfOrderMessage,
  chunkTooLargeMessage,
  uploadIncompleteMessage,
  uploadOverflowMessage,
} from './uploads.messages.js';
import { uploadStats } from './upload-stats.js';

/**
 * One upload in progress on one socket: counts the bytes against what the client
 * declared, keeps them (buffer mode) or passes them on with backpressure (stream
 * mode), and drops everything on `abort()`.
 */
export class UploadSession {
  private received = 0;
  private chunks: Buffer[] = [];
  private idleTimer?: NodeJS.Timeout;
  /** Stream mode: the bytes, as they arrive. */
  readonly stream?: PassThrough;
  /** Stream mode: the handler, which runs while the bytes arrive. */
  private run?: { result: Promise<unknown>; settled: boolean; error?: unknown };

  constructor(
    readonly info: RainUploadInfo,
    private readonly options: ResolvedUploadOptions,
    private readonly onIdle: () => void,
  ) {
    if (options.as === 'stream') {
      this.stream = new PassThrough({ highWaterMark: options.chunkSize * 4 });
      // abort() fails the stream; a handler that never listened must not crash the process for it.
      this.stream.on('error', () => {});
    }
    this.touch();
  }

  /** Stream mode: follows the handler, so a failure is answered at the next message. */
  follow(result: Promise<unknown>): void {
    const run: NonNullable<UploadSession['run']> = { result, settled: false };
    this.run = run;
    result.then(
      () => (run.settled = true),
      (error: unknown) => {
        run.settled = true;
        run.error = error;
      },
    );
  }

  /** Throws the handler's failure if it already failed. */
  checkHandler(): void {
    if (this.run?.error !== undefined) throw this.run.error;
  }

  async write(offset: number, data: Buffer): Promise<number> {
    const { info, options } = this;
    if (offset !== this.received) throw new RainClientError('bad_request', chunkOutOfOrderMessage(this.received, offset));
    if (data.length > options.chunkSize) {
      throw new RainClientError('payload_too_large', chunkTooLargeMessage(data.length, options.chunkSize));
    }
    if (this.received + data.length > info.size) {
      throw new RainClientError('payload_too_large', uploadOverflowMessage(info.name, info.size));
    }
    this.touch();
    this.received += data.length;
    uploadStats.bytes += data.length;
    if (!this.stream) {
      this.chunks.push(data);
      return this.received;
    }
    if (!this.stream.write(data) && !this.run?.settled) {
      // The ack waits for the handler to read: that is the client's backpressure.
      await Promise.race([once(this.stream, 'drain'), this.run?.result.catch(() => {})]);
      // The wait for the handler is not the client's idleness: the timer starts again after it.
      this.touch();
    }
    return this.received;
  }

  /** Checks that every declared byte came; returns them (buffer mode) or ends the stream. */
  finish(): Buffer | undefined {
    clearTimeout(this.idleTimer);
    if (this.received !== this.info.size) {
      throw new RainClientError('bad_request', uploadIncompleteMessage(this.info.name, this.received, this.info.size));
    }
    if (this.stream) {
      this.stream.end();
      return undefined;
    }
    const buffer = Buffer.concat(this.chunks, this.received);
    this.chunks = [];
    return buffer;
  }

  /** Stream mode: the handler's result, once the stream has ended. */
  result(): Promise<unknown> {
    return this.run?.result ?? Promise.resolve(undefined);
  }

  /** Drops the bytes; in stream mode the handler's stream fails with `reason`. */
  abort(reason: Error): void {
    clearTimeout(this.idleTimer);
    this.chunks = [];
    if (this.stream && !this.stream.destroyed) this.stream.destroy(reason);
  }

  /** An error of the handler that no message will answer any more. */
  get unreportedError(): unknown {
    return this.run?.error;
  }

  private touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(this.onIdle, this.options.idleTimeout);
    this.idleTimer.unref();
  }
}
