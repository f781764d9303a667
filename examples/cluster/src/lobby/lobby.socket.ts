import { Inject } from '@nestjs/common';
import {
  ComponentSocket,
  ConnectedSocket,
  MessageBody,
  type OnRainConnection,
  RainClientError,
  RainPresenceService,
  type RainSocketOf,
  typedEvents,
  UseConnectionGuards,
} from 'rain-sockets';
import { NODE_NAME } from '../node-name.js';
import type { LobbyEvents, LobbyMeta, RoomMessage } from './lobby.events.js';
import { Room, Say } from './lobby.schemas.js';
import { NamedGuard } from './named.guard.js';

const { SubscribeMessage } = typedEvents<LobbyEvents>();
type LobbySocketClient = RainSocketOf<LobbyEvents>;

/**
 * The lobby, on /lobby/1.0.0/lobby, on every node. Nothing here knows about the cluster:
 * with the `cluster` option on, socket.io's Redis adapter carries room broadcasts and
 * `fetchSockets()` to every node, and presence keeps a replica of every node's users.
 */
@UseConnectionGuards(NamedGuard)
@ComponentSocket('lobby')
export class LobbySocket implements OnRainConnection {
  constructor(
    private readonly presence: RainPresenceService,
    @Inject(NODE_NAME) private readonly node: string,
  ) {}

  /** Everyone connected is in the lobby's presence: they get its state, the others a join. */
  async handle(socket: LobbySocketClient) {
    await this.presence.track(socket, socket.data.name, { node: this.node } satisfies LobbyMeta);
  }

  /** Joins the socket.io room and that room's presence: the socket gets the room's state, its members a join. */
  @SubscribeMessage('join')
  async join(@MessageBody({ schema: Room }) room: string, @ConnectedSocket() socket: LobbySocketClient) {
    await this.presence.track(socket, socket.data.name, { node: this.node } satisfies LobbyMeta, { room });
    return { room };
  }

  @SubscribeMessage('leave')
  async leave(@MessageBody({ schema: Room }) room: string, @ConnectedSocket() socket: LobbySocketClient) {
    // Leaving the socket.io room ends the socket's presence in it too (a leave for the others).
    await socket.leave(room);
    return { room };
  }

  @SubscribeMessage('say')
  say(@MessageBody({ schema: Say }) { room, text }: Say, @ConnectedSocket() socket: LobbySocketClient): RoomMessage {
    if (!socket.rooms.has(room)) throw new RainClientError('not_in_room', `Join "${room}" before you speak in it.`);
    const message: RoomMessage = { room, from: socket.data.name, text };
    // To the room's other members, on every node: the adapter publishes it through Redis.
    socket.to(room).emit('said', message);
    return message;
  }
}
