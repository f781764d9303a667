import type { Socket } from 'socket.io-client';
import { RainUploadError } from './rain-upload.error.js';
import {
  unreadableSourceMessage,
  uploadAbortedByCallerMessage,
  uploadDisconnectedMessage,
  uploadTimeoutMessage,
} from './upload.messages.js';

/** What can be uploaded: a browser File or Blob, or bytes (ArrayBuffer, Uint8Array, Buffer, ...). */
export type UploadSource = Blob | ArrayBuffer | ArrayBufferView;

/** What `onProgress` gets after each chunk the server acknowledged. */
export interface UploadProgress {
  /** Bytes the server has acknowledged. */
  loaded: number;
  total: number;
}

/** The options of `uploadFile(socket, event, file, options)`. */
export interface UploadFileOptions {
  /** The file name the server sees; default the File's own name, else `upload`. */
  name?: string;
  /** The MIME type the server sees; default the Blob's own type. */
  type?: string;
  /** Called after every chunk the server has acknowledged. */
  onProgress?: (progress: UploadProgress) => void;
  /** Aborts the upload: the server drops what it got, and the promise rejects with code `aborted`. */
  signal?: AbortSignal;
  /** How long to wait for each answer of the server, in ms. Default 10000. */
  timeout?: number;
}

const DEFAULT_TIMEOUT = 10_000;

interface ServerError {
  status: 'error';
  code: string;
  message: string;
  details?: unknown;
}

/**
 * Uploads a file on a component socket's `@OnUpload(event)` handler: in chunks, each
 * acknowledged before the next goes (so a slow server slows the client down), and
 * resolves with the handler's answer. Rejects with a `RainUploadError` when the server
 * refuses it (over its size limit: `payload_too_large`), on `signal` abort, on a
 * disconnect, or when the server stops answering.
 *
 * @example
 * ```ts
 * const answer = await uploadFile(socket, 'avatar', input.files[0], {
 *   onProgress: ({ loaded, total }) => (bar.value = loaded / total),
 * });
 * ```
 */
export async function uploadFile<T = unknown>(
  socket: Socket,
  event: string,
  file: UploadSource,
  options: UploadFileOptions = {},
): Promise<T> {
  const name = options.name ?? (typeof (file as File).name === 'string' ? (file as File).name : 'upload');
  const type = options.type ?? (isBlob(file) && file.type ? file.type : undefined);
  const size = sizeOf(file);
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const { signal, onProgress } = options;

  // Rejects every pending step at once when the upload can no longer go on.
  let interrupt!: (error: RainUploadError) => void;
  const interrupted = new Promise<never>((_, reject) => (interrupt = reject));
  interrupted.catch(() => {});
  const onDisconnect = () => interrupt(new RainUploadError('disconnected', uploadDisconnectedMessage(name)));
  const onAbort = () => interrupt(new RainUploadError('aborted', uploadAbortedByCallerMessage(name)));
  socket.on('disconnect', onDisconnect);
  signal?.addEventListener('abort', onAbort);

  const send = async (message: Record<string, unknown>): Promise<any> => {
    if (signal?.aborted) onAbort();
    const answer = await Promise.race([
      socket
        .timeout(timeout)
        .emitWithAck(event, message)
        .catch(() => {
          throw new RainUploadError('timeout', uploadTimeoutMessage(name, timeout));
        }),
      interrupted,
    ]);
    if (isServerError(answer)) throw new RainUploadError(answer.code, answer.message, answer.details);
    return answer;
  };

  let id: string | undefined;
  try {
    const started: { id: string; chunkSize: number } = await send({ op: 'start', name, type, size });
    id = started.id;
    for (let offset = 0; offset < size; ) {
      const end = Math.min(offset + started.chunkSize, size);
      await send({ op: 'chunk', id, offset, data: await bytesOf(file, offset, end) });
      offset = end;
      onProgress?.({ loaded: offset, total: size });
    }
    return (await send({ op: 'end', id })) as T;
  } catch (error) {
    // The server drops an upload by itself on a disconnect or an error it answered; an abort it must be told.
    if (id !== undefined && error instanceof RainUploadError && (error.code === 'aborted' || error.code === 'timeout')) {
      socket.emit(event, { op: 'abort', id });
    }
    throw error;
  } finally {
    socket.off('disconnect', onDisconnect);
    signal?.removeEventListener('abort', onAbort);
  }
}

function isBlob(file: UploadSource): file is Blob {
  return typeof Blob !== 'undefined' && file instanceof Blob;
}

function sizeOf(file: UploadSource): number {
  if (isBlob(file)) return file.size;
  if (file instanceof ArrayBuffer || ArrayBuffer.isView(file)) return file.byteLength;
  throw new TypeError(unreadableSourceMessage());
}

/** A copy of bytes `start`..`end`, so the chunk never drags the rest of the file along with it. */
async function bytesOf(file: UploadSource, start: number, end: number): Promise<ArrayBuffer | Uint8Array> {
  if (isBlob(file)) return file.slice(start, end).arrayBuffer();
  const bytes = file instanceof ArrayBuffer ? new Uint8Array(file) : new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  return new Uint8Array(bytes.subarray(start, end));
}

function isServerError(answer: unknown): answer is ServerError {
  return typeof answer === 'object' && answer !== null && (answer as { status?: unknown }).status === 'error';
}
