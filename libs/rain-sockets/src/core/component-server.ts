import type { BroadcastOperator, Namespace, RemoteSocket } from 'socket.io';
import { listMembers, listRooms } from '../rooms/room-directory.js';

/**
 * A component socket's namespace, for code outside its handlers (an HTTP controller,
 * a scheduled job): emit to everyone, to rooms, and find its sockets. With a cluster
 * adapter each of these reaches every node.
 */
export class ComponentServer {
  constructor(
    readonly componentId: string,
    readonly version: string,
    readonly channel: string,
    /** socket.io's namespace itself, for anything not wrapped here. */
    readonly namespace: Namespace,
  ) {}

  get name(): string {
    return this.namespace.name;
  }

  emit(event: string, ...args: unknown[]): boolean {
    return this.namespace.emit(event, ...args);
  }

  /** Targets a room (or several) of this component only: rooms never cross namespaces. */
  to(room: string | string[]): BroadcastOperator<any, any> {
    return this.namespace.to(room);
  }

  /** Every socket of the namespace (or of a room), on every node. */
  fetchSockets(room?: string | string[]): Promise<RemoteSocket<any, any>[]> {
    return (room === undefined ? this.namespace : this.namespace.in(room)).fetchSockets();
  }

  /** Every room of this component with the ids of its members, on every node (sockets' own id rooms left out). */
  rooms(): Promise<Map<string, string[]>> {
    return listRooms(this.namespace);
  }

  /** The ids of the sockets in one room of this component, on every node. */
  members(room: string): Promise<string[]> {
    return listMembers(this.namespace, room);
  }
}
