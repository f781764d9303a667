import type { Socket } from 'socket.io';

/**
 * The default user of a socket: the id of the session its handshake cookie selected (the
 * session middleware ran before any namespace). Undefined when sessions are off. A cookie
 * that selects no stored session gets a fresh session per handshake, so such clients are
 * held by the address cap, not this one.
 */
export function sessionUserKey(socket: Socket): string | undefined {
  return (socket.request as { session?: { id?: string } }).session?.id;
}

/** The default address of a client: the TCP peer of its handshake. */
export function peerAddress(socket: Socket): string | undefined {
  return socket.handshake.address || undefined;
}
