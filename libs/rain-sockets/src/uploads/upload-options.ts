import { InvalidUploadOptionError } from './invalid-upload-option.error.js';
import type { RainUploadMode, RainUploadOptions } from './rain-upload.interface.js';
import { invalidUploadOptionMessage } from './uploads.messages.js';

export interface ResolvedUploadOptions {
  event: string;
  maxSize: number;
  chunkSize: number;
  as: RainUploadMode;
  idleTimeout: number;
  maxConcurrent: number;
}

export const UPLOAD_DEFAULTS = {
  maxSize: 10 * 1024 * 1024,
  // One round trip per chunk: 256 KiB moved ~2.5x the bytes per second of 64 KiB on loopback, and
  // stays well under socket.io's default maxHttpBufferSize (1 MB), which a chunk message must fit in.
  chunkSize: 256 * 1024,
  as: 'buffer',
  idleTimeout: 30_000,
  maxConcurrent: 4,
} as const satisfies Required<RainUploadOptions>;

const positiveInteger = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;

const CHECKS: [keyof RainUploadOptions, (value: unknown) => boolean, string][] = [
  ['maxSize', positiveInteger, 'a positive integer number of bytes'],
  ['chunkSize', positiveInteger, 'a positive integer number of bytes'],
  ['as', (v) => v === 'buffer' || v === 'stream', '"buffer" or "stream"'],
  ['idleTimeout', positiveInteger, 'a positive integer number of milliseconds'],
  ['maxConcurrent', positiveInteger, 'a positive integer'],
];

/** Fills in the defaults and refuses options that cannot work, naming the event and the option. */
export function resolveUploadOptions(event: string, options: RainUploadOptions): ResolvedUploadOptions {
  for (const [option, valid, expected] of CHECKS) {
    const value = options[option];
    if (value !== undefined && !valid(value)) {
      throw new InvalidUploadOptionError(option, invalidUploadOptionMessage(event, option, expected, value));
    }
  }
  return { event, ...UPLOAD_DEFAULTS, ...definedOnly(options) };
}

function definedOnly(options: RainUploadOptions): RainUploadOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
