/** Thrown when `@OnUpload()` gets an option it cannot use, as the class is declared. */
export class InvalidUploadOptionError extends Error {
  override readonly name = 'InvalidUploadOptionError';
  constructor(readonly option: string, message: string) {
    super(message);
  }
}
