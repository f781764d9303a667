import type { Socket } from 'socket.io';

// The private parts of socket.io's Socket that recovery reads (checked against socket.io 4.8).

interface RecoveryInternals {
  /** The private session id socket.io gives each socket with connection state recovery. */
  pid?: string;
  /** Writes a packet to this socket alone. */
  packet(packet: { type: number; data: unknown[] }): void;
}

export function privateIdOf(socket: Socket): string | undefined {
  return (socket as unknown as RecoveryInternals).pid;
}

/** Sends an event packet whose data (event, arguments, stream offset) is ready, to this socket alone. */
export function sendEventPacket(socket: Socket, data: unknown[]): void {
  (socket as unknown as RecoveryInternals).packet({ type: 2, data });
}
