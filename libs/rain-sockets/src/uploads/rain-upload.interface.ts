import type { Readable } from 'node:stream';

/** How the handler receives the bytes: all at once when the upload ends, or as they arrive. */
export type RainUploadMode = 'buffer' | 'stream';

/** The options of `@OnUpload(event, options)`. */
export interface RainUploadOptions {
  /** Largest upload accepted, in bytes. Default 10 MiB. */
  maxSize?: number;
  /** Largest chunk accepted, in bytes; the client helper sends chunks of this size. Default 256 KiB. */
  chunkSize?: number;
  /**
   * `buffer` (default): the handler runs once the last chunk came, with `upload.buffer`.
   * `stream`: the handler runs at the first message, with `upload.stream`, and its result answers the last.
   */
  as?: RainUploadMode;
  /** An upload that gets no chunk for this many ms is dropped. Default 30000. */
  idleTimeout?: number;
  /** Uploads one socket may run at once on this event. Default 4. */
  maxConcurrent?: number;
}

/** What the client declared about the file; `name` is cut to a base name without path or control characters. */
export interface RainUploadInfo {
  id: string;
  name: string;
  /** The MIME type the client declared, `application/octet-stream` when none. */
  type: string;
  /** Bytes, as declared and then checked. */
  size: number;
}

/**
 * An upload handed to an `@OnUpload()` handler through `@Upload()`.
 * `RainUpload` (buffer mode) has `buffer`; `RainUpload<'stream'>` has `stream`.
 */
export type RainUpload<M extends RainUploadMode = 'buffer'> = RainUploadInfo &
  (M extends 'stream' ? { stream: Readable } : { buffer: Buffer }) & {
    /**
     * Writes the upload to `path` through a temporary file renamed on success, so that an
     * upload cut off midway leaves nothing behind. In stream mode it consumes the stream.
     */
    saveTo(path: string): Promise<void>;
  };
