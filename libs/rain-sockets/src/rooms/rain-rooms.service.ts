import { Inject, Injectable } from '@nestjs/common';
import type { ComponentServer } from '../core/component-server.js';
import { RainSocketsRegistry } from '../core/rain-sockets.registry.js';
import type { ResolvedRainRoomsOptions } from './rain-rooms-options.js';
import type { RoomAlert, RoomMember, RoomMessage } from './rain-rooms.interface.js';
import { ALERT_EVENT, ROOM_PREFIX, SAY_EVENT, SERVER_SPEAKER } from './rain-rooms.constants.js';
import { roomsNotStartedMessage } from './rain-rooms.messages.js';
import { type RoomConnection, connectionOf, membersOf, oldestFirst, socketRoom } from './room-connection.js';
import { RAIN_ROOMS_RESOLVED_OPTIONS } from './rain-rooms.tokens.js';

/**
 * The rooms server from the outside (a controller, a job): who is where, and messages
 * from the server itself. Every read uses fetchSockets, so it covers every node.
 */
@Injectable()
export class RainRoomsService {
  constructor(
    private readonly registry: RainSocketsRegistry,
    @Inject(RAIN_ROOMS_RESOLVED_OPTIONS) private readonly options: ResolvedRainRoomsOptions,
  ) {}

  /** The component server of the rooms namespace. */
  get server(): ComponentServer {
    const { component, version, channel } = this.options;
    try {
      return this.registry.server(component, version, channel);
    } catch {
      throw new Error(roomsNotStartedMessage());
    }
  }

  /** Every room that has someone in it, with its members. */
  async rooms(): Promise<Map<string, RoomMember[]>> {
    const rooms = new Map<string, RoomMember[]>();
    for (const socket of await this.server.fetchSockets()) {
      const connection: RoomConnection | undefined = connectionOf(socket);
      if (!connection) continue;
      for (const socketRoomName of socket.rooms) {
        if (!socketRoomName.startsWith(ROOM_PREFIX)) continue;
        const room = socketRoomName.slice(ROOM_PREFIX.length);
        const member = { id: connection.id, connectedAt: connection.connectedAt, listening: connection.room !== room };
        const members = rooms.get(room);
        if (members) members.push(member);
        else rooms.set(room, [member]);
      }
    }
    for (const members of rooms.values()) members.sort(oldestFirst);
    return new Map([...rooms].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /** The members of one room. */
  members(room: string): Promise<RoomMember[]> {
    return membersOf(this.server.namespace, room);
  }

  /** Says `message` in `room` as the server (`from: 'server'`), as a `say` event. */
  say(room: string, message: string): RoomMessage {
    const said: RoomMessage = { room, from: SERVER_SPEAKER, message, sentAt: Date.now() };
    this.server.to(socketRoom(room)).emit(SAY_EVENT, said);
    return said;
  }

  /** Sends an `alert` to one room, or to every connection when no room is given. */
  alert(message: string, room?: string): RoomAlert {
    const alert: RoomAlert = room === undefined ? { message, sentAt: Date.now() } : { message, room, sentAt: Date.now() };
    (room === undefined ? this.server : this.server.to(socketRoom(room))).emit(ALERT_EVENT, alert);
    return alert;
  }
}
