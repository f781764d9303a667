import { UseInterceptors, applyDecorators } from '@nestjs/common';
import { SubscribeMessage } from '@nestjs/websockets';
import { RainUploadInterceptor } from './rain-upload.interceptor.js';
import type { RainUploadOptions } from './rain-upload.interface.js';
import { resolveUploadOptions } from './upload-options.js';

/**
 * Receives files uploaded on `event` in acknowledged chunks (the client's `uploadFile()`),
 * with a size limit. The method gets the file through `@Upload()` and its result answers
 * the client; guards, pipes and interceptors run as on any handler. An upload over the
 * limit, aborted or cut off midway never reaches a buffer-mode handler, and fails the
 * stream of a stream-mode one.
 *
 * @example
 * ```ts
 * @OnUpload('avatar', { maxSize: 1_000_000 })
 * async saveAvatar(@Upload() file: RainUpload, @ConnectedSocket() socket: RainSocket) {
 *   await file.saveTo(join(AVATARS, `${socket.id}.png`));
 *   return { stored: file.size };
 * }
 *
 * @OnUpload('video', { as: 'stream', maxSize: 500 * 1024 * 1024 })
 * async saveVideo(@Upload() file: RainUpload<'stream'>) {
 *   await file.saveTo(join(VIDEOS, randomUUID()));  // nothing is left behind if it fails
 *   return { stored: file.size };
 * }
 * ```
 */
export function OnUpload(event: string, options: RainUploadOptions = {}): MethodDecorator {
  const resolved = resolveUploadOptions(event, options);
  return applyDecorators(SubscribeMessage(event), UseInterceptors(new RainUploadInterceptor(resolved)));
}
