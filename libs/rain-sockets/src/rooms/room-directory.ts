import type { Namespace } from 'socket.io';

/**
 * The rooms of one namespace and the ids of their members, built from `fetchSockets()`
 * rather than the local adapter's maps, so that under a cluster adapter every node
 * answers for its own sockets.
 */
export async function listRooms(namespace: Namespace): Promise<Map<string, string[]>> {
  const rooms = new Map<string, string[]>();
  for (const socket of await namespace.fetchSockets()) {
    for (const room of socket.rooms) {
      // socket.io puts every socket alone in a room named by its id: that is plumbing, not an app room.
      if (room === socket.id) continue;
      const members = rooms.get(room);
      if (members) members.push(socket.id);
      else rooms.set(room, [socket.id]);
    }
  }
  return new Map([...rooms].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The ids of the sockets in one room, on every node. */
export async function listMembers(namespace: Namespace, room: string): Promise<string[]> {
  return (await namespace.in(room).fetchSockets()).map((socket) => socket.id);
}
