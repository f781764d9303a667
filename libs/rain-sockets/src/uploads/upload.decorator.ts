import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import { uploadOf } from './uploaded-files.js';

/**
 * The file of an `@OnUpload()` handler: a `RainUpload` (with `buffer`) or, with
 * `{ as: 'stream' }`, a `RainUpload<'stream'>` (with `stream`).
 */
export const Upload = createParamDecorator((_: unknown, context: ExecutionContext) =>
  uploadOf(context.switchToWs().getData()),
);
