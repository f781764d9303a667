import { RainClientError } from '../handlers/ws-error.js';
import { invalidUploadMessage } from './uploads.messages.js';

/** The messages a client sends on an upload event, each with an ack (see docs/PROTOCOL.md). */
export type UploadMessage =
  | { op: 'start'; name?: string; type?: string; size: number }
  | { op: 'chunk'; id: string; offset: number; data: Buffer }
  | { op: 'end'; id: string }
  | { op: 'abort'; id: string };

const MAX_NAME_LENGTH = 255;

/** Checks a message from the wire; anything malformed is the client's `bad_request`. */
export function parseUploadMessage(message: unknown): UploadMessage {
  if (typeof message !== 'object' || message === null) throw invalid('expected an object with "op"');
  const m = message as Record<string, unknown>;
  switch (m.op) {
    case 'start':
      if (!Number.isSafeInteger(m.size) || (m.size as number) < 0) throw invalid('"size" must be a whole number of bytes');
      if (m.name !== undefined && typeof m.name !== 'string') throw invalid('"name" must be a string');
      if (m.type !== undefined && (typeof m.type !== 'string' || m.type.length > MAX_NAME_LENGTH)) {
        throw invalid('"type" must be a MIME type');
      }
      return { op: 'start', size: m.size as number, name: m.name as string | undefined, type: m.type as string | undefined };
    case 'chunk':
      if (typeof m.id !== 'string') throw invalid('"id" must be a string');
      if (!Number.isSafeInteger(m.offset)) throw invalid('"offset" must be a whole number');
      if (!(m.data instanceof Uint8Array)) throw invalid('"data" must be binary');
      return { op: 'chunk', id: m.id, offset: m.offset as number, data: Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength) };
    case 'end':
    case 'abort':
      if (typeof m.id !== 'string') throw invalid('"id" must be a string');
      return { op: m.op, id: m.id };
    default:
      throw invalid('"op" must be "start", "chunk", "end" or "abort"');
  }
}

/** A base name without directories or control characters: safe to log, still not a path to trust. */
export function cleanFileName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base.slice(0, MAX_NAME_LENGTH) || 'upload';
}

function invalid(problem: string): RainClientError {
  return new RainClientError('bad_request', invalidUploadMessage(problem));
}
