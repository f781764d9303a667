import type { Socket } from 'socket.io';
import type { ConnectionDetails, RoomMember } from './rain-rooms.interface.js';
import { CONNECTION_TYPE, ROOM_PREFIX } from './rain-rooms.constants.js';

/**
 * What RainRoomsModule keeps about a connection. It lives in `socket.data`, which
 * socket.io hands to `fetchSockets()` on every node: that is how member lists stay
 * right across a cluster.
 */
export interface RoomConnection {
  id: string;
  connectedAt: number;
  room: string | null;
  listening: string[];
}

const KEY = 'rainRooms';

export function openConnection(socket: Socket): RoomConnection {
  const connection: RoomConnection = { id: socket.id, connectedAt: Date.now(), room: null, listening: [] };
  socket.data[KEY] = connection;
  return connection;
}

export function connectionOf(socket: Pick<Socket, 'data'>): RoomConnection {
  return socket.data[KEY];
}

export function detailsOf(connection: RoomConnection): ConnectionDetails {
  const { id, connectedAt, room, listening } = connection;
  return {
    id,
    type: CONNECTION_TYPE,
    connectedAt,
    room,
    listening: [...listening],
    rooms: room === null ? [...listening] : [room, ...listening],
  };
}

export const socketRoom = (room: string) => ROOM_PREFIX + room;

/** Members of a room on every node, oldest connection first. */
export async function membersOf(namespace: Socket['nsp'], room: string): Promise<RoomMember[]> {
  const sockets = await namespace.in(socketRoom(room)).fetchSockets();
  return sockets
    .map((socket) => connectionOf(socket))
    .filter((connection): connection is RoomConnection => connection !== undefined)
    .map(({ id, connectedAt, room: own }) => ({ id, connectedAt, listening: own !== room }))
    .sort(oldestFirst);
}

/** The order of every member list: oldest connection first, the id breaking a tie. */
export function oldestFirst(a: RoomMember, b: RoomMember): number {
  return a.connectedAt - b.connectedAt || (a.id < b.id ? -1 : 1);
}
