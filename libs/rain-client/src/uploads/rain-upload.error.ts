/**
 * Why an upload failed. Codes from the client: `aborted`, `disconnected`, `timeout`;
 * from the server: `payload_too_large`, `bad_request`, `forbidden`, `upload_aborted`, ...
 */
export class RainUploadError extends Error {
  override readonly name = 'RainUploadError';
  constructor(
    readonly code: string,
    message: string,
    /** What the server sent with the error, if anything. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}
