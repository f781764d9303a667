/** Thrown at start-up when two component sockets claim one namespace. */
export class NamespaceConflictError extends Error {
  override readonly name = 'NamespaceConflictError';
  constructor(readonly namespace: string, message: string) {
    super(message);
  }
}
