/**
 * A verb that failed. `code` is the server's (`room_not_allowed`, `room_name_too_long`,
 * `not_listening`, `unknown_verb`, ...) or the client's own: `timeout`, `disconnected`,
 * `connect_failed`.
 */
export class RainRoomsError extends Error {
  override readonly name = 'RainRoomsError';
  constructor(
    readonly code: string,
    message: string,
    /** The server's whole answer, when there was one. */
    readonly response?: unknown,
  ) {
    super(message);
  }
}
