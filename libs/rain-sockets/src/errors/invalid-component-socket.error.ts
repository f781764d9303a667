/** Thrown at start-up when a `@ComponentSocket` cannot be tied to a component id and version. */
export class InvalidComponentSocketError extends Error {
  override readonly name = 'InvalidComponentSocketError';
}
