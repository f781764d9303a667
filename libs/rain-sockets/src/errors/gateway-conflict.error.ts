/**
 * Thrown at start-up when a Nest `@WebSocketGateway` and the component sockets cannot be
 * served side by side as declared (one path, two socket.io servers; or gateway options
 * that the shared server would not apply). The message says which gateway, which path, and the fix.
 */
export class GatewayConflictError extends Error {
  override readonly name = 'GatewayConflictError';
  constructor(
    readonly gateway: string,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}
