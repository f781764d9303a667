/** A start-up error: an option needs an optional peer package that the app has not installed. */
export class MissingPeerDependencyError extends Error {
  override readonly name = 'MissingPeerDependencyError';

  constructor(
    readonly packageName: string,
    message: string,
  ) {
    super(message);
  }
}
