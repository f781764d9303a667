import type { Socket } from 'socket.io-client';

// Every read of socket.io-client's private Socket fields lives here (checked against 4.8),
// so an upgrade of socket.io-client touches one file.

/** An ack as socket.io-client keeps it: `withError` ones are called `(err, ...answer)`. */
export type AckCallback = ((...args: any[]) => void) & { withError?: boolean };

interface Packet {
  id?: number;
}

interface SocketInternals {
  /** Packets emitted while disconnected, sent in order on the next connect. */
  sendBuffer: Packet[];
  acks: Record<number, AckCallback | undefined>;
  /** The next packet id; `emit` takes one for each packet with an ack. */
  ids: number;
  /** Modifiers of the next emit: `socket.timeout(ms)`, `socket.volatile`, `socket.compress(x)`. */
  flags: Record<string, unknown> & { timeout?: number };
  _opts: { ackTimeout?: number };
}

const internals = (socket: Socket) => socket as unknown as SocketInternals;

/** The id socket.io-client gave the packet it just emitted with an ack. */
export function lastAckId(socket: Socket): number {
  return internals(socket).ids - 1;
}

/** Whether the packet still waits in the send buffer (not sent yet). */
export function isBuffered(socket: Socket, id: number): boolean {
  return internals(socket).sendBuffer.some((packet) => packet.id === id);
}

/** Whether socket.io-client will call this ack error-first, as it does with a timeout. */
export function callsAckWithError(socket: Socket, ack: AckCallback): boolean {
  const { flags, _opts } = internals(socket);
  return ack.withError === true || flags.timeout !== undefined || _opts.ackTimeout !== undefined;
}

/** The modifiers the next emit will use, to apply them again to a resend. */
export function currentFlags(socket: Socket): Record<string, unknown> {
  return { ...internals(socket).flags };
}

export function setFlags(socket: Socket, flags: Record<string, unknown>): void {
  internals(socket).flags = { ...flags };
}

/**
 * Removes the buffered packets that carry an ack and returns their acks, oldest first;
 * buffered packets without an ack stay for the next connect.
 */
export function takeBufferedAcks(socket: Socket): { id: number; ack: AckCallback }[] {
  const inner = internals(socket);
  const taken: { id: number; ack: AckCallback }[] = [];
  inner.sendBuffer = inner.sendBuffer.filter((packet) => {
    if (packet.id === undefined) return true;
    const ack = inner.acks[packet.id];
    delete inner.acks[packet.id];
    if (ack) taken.push({ id: packet.id, ack });
    return false;
  });
  return taken;
}

/** Drops every buffered packet (the client is closing). */
export function clearSendBuffer(socket: Socket): void {
  internals(socket).sendBuffer = [];
}
