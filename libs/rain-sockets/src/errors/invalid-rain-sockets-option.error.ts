/** Thrown at start-up when an option of RainSocketsModule is not usable. */
export class InvalidRainSocketsOptionError extends Error {
  override readonly name = 'InvalidRainSocketsOptionError';
  constructor(readonly option: string, message: string) {
    super(message);
  }
}
