import type { RainUpload, RainUploadMode } from './rain-upload.interface.js';

// The upload a handler receives, keyed by the very message object Nest hands to its
// parameters: the interceptor puts it here, `@Upload()` reads it, and nothing is mutated.
const uploads = new WeakMap<object, RainUpload<RainUploadMode>>();

export function attachUpload(message: object, upload: RainUpload<RainUploadMode>): void {
  uploads.set(message, upload);
}

export function uploadOf(message: unknown): RainUpload<RainUploadMode> | undefined {
  return typeof message === 'object' && message !== null ? uploads.get(message) : undefined;
}
