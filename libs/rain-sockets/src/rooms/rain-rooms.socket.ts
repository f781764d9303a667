import { UseFilters } from '@nestjs/common';
import { Ack, ConnectedSocket, MessageBody, SubscribeMessage } from '@nestjs/websockets';
import { RainClientError } from '../handlers/ws-error.js';
import type { OnRainConnection, OnRainDisconnect, OnRainUnknownEvent, RainSocket } from '../core/rain-socket.interface.js';
import type { ResolvedRainRoomsOptions } from './rain-rooms-options.js';
import { RainRoomsExceptionFilter } from './rain-rooms-exception.filter.js';
import type { ConnectionDetails, RoomMessage, RoomView, RoomWelcome } from './rain-rooms.interface.js';
import {
  ENTERED_ROOM_TEXT,
  LEFT_ROOM_TEXT,
  type RoomVerb,
  SAY_EVENT,
  WELCOME_EVENT,
} from './rain-rooms.constants.js';
import {
  messageRequiredMessage,
  messageTooLongMessage,
  noRoomMessage,
  notInRoomMessage,
  notListeningMessage,
  roomNameRequiredMessage,
  roomNameTooLongMessage,
  roomNotAllowedMessage,
  silenceOwnRoomMessage,
  tooManyRoomsMessage,
  unknownVerbMessage,
} from './rain-rooms.messages.js';
import { connectionOf, detailsOf, membersOf, openConnection, socketRoom } from './room-connection.js';

/**
 * actionHero's websocket verbs on a component socket. RainRoomsModule serves a subclass
 * of it, declared with the namespace of its options. State changes between reading and
 * writing a connection's rooms never await, so two verbs of one client cannot interleave there.
 */
@UseFilters(new RainRoomsExceptionFilter())
export class RainRoomsSocket implements OnRainConnection, OnRainDisconnect, OnRainUnknownEvent {
  constructor(protected readonly options: ResolvedRainRoomsOptions) {}

  handle(socket: RainSocket): void {
    const connection = openConnection(socket);
    const { defaultRoom, welcomeMessage } = this.options;
    const welcome: RoomWelcome = { welcome: welcomeMessage, room: defaultRoom, id: connection.id, connectedAt: connection.connectedAt };
    socket.emit(WELCOME_EVENT, welcome);
    if (defaultRoom !== null) this.enter(socket, defaultRoom);
  }

  onDisconnect(socket: RainSocket): void {
    const room = connectionOf(socket)?.room;
    if (room != null) this.announce(socket, room, LEFT_ROOM_TEXT);
  }

  @SubscribeMessage('roomChange')
  async roomChange(@ConnectedSocket() socket: RainSocket, @MessageBody() room: unknown) {
    const name = this.roomName(room);
    await this.authorize(socket, name, 'roomChange');
    const connection = connectionOf(socket);
    const previousRoom = connection.room;
    if (previousRoom !== name) {
      if (previousRoom !== null) this.exit(socket, previousRoom);
      // Its own room now: no longer one it merely listens to.
      connection.listening = connection.listening.filter((listened) => listened !== name);
      this.enter(socket, name);
    }
    return { room: name, previousRoom };
  }

  @SubscribeMessage('roomView')
  async roomView(@ConnectedSocket() socket: RainSocket, @MessageBody() room: unknown): Promise<RoomView> {
    const connection = connectionOf(socket);
    const name = room === undefined || room === null ? connection.room : this.roomName(room);
    if (name === null) throw new RainClientError('no_room', noRoomMessage());
    if (name !== connection.room && !connection.listening.includes(name)) {
      throw new RainClientError('not_in_room', notInRoomMessage(name));
    }
    const members = await membersOf(socket.nsp, name);
    return { room: name, membersCount: members.length, members };
  }

  @SubscribeMessage('listenToRoom')
  async listenToRoom(@ConnectedSocket() socket: RainSocket, @MessageBody() room: unknown) {
    const name = this.roomName(room);
    await this.authorize(socket, name, 'listenToRoom');
    const connection = connectionOf(socket);
    if (name !== connection.room && !connection.listening.includes(name)) {
      if (connection.listening.length >= this.options.maxListenedRooms) {
        throw new RainClientError('too_many_rooms', tooManyRoomsMessage(this.options.maxListenedRooms));
      }
      connection.listening.push(name);
      void socket.join(socketRoom(name));
    }
    return { room: name, listening: [...connection.listening] };
  }

  @SubscribeMessage('silenceRoom')
  silenceRoom(@ConnectedSocket() socket: RainSocket, @MessageBody() room: unknown) {
    const name = this.roomName(room);
    const connection = connectionOf(socket);
    if (name === connection.room) throw new RainClientError('own_room', silenceOwnRoomMessage(name));
    if (!connection.listening.includes(name)) throw new RainClientError('not_listening', notListeningMessage(name));
    connection.listening = connection.listening.filter((listened) => listened !== name);
    void socket.leave(socketRoom(name));
    return { room: name, listening: [...connection.listening] };
  }

  @SubscribeMessage('detailsView')
  detailsView(@ConnectedSocket() socket: RainSocket): ConnectionDetails {
    return detailsOf(connectionOf(socket));
  }

  @SubscribeMessage('say')
  say(@ConnectedSocket() socket: RainSocket, @MessageBody() message: unknown) {
    if (typeof message !== 'string' || message.length === 0) throw new RainClientError('bad_request', messageRequiredMessage());
    const { maxMessageLength } = this.options;
    if (message.length > maxMessageLength) {
      throw new RainClientError('message_too_long', messageTooLongMessage(message.length, maxMessageLength));
    }
    const { room } = connectionOf(socket);
    if (room === null) throw new RainClientError('no_room', noRoomMessage());
    const said = this.sayIn(socket, room, message);
    return { room, sentAt: said.sentAt };
  }

  /** Answers, then closes the connection: the answer goes out before the disconnect. */
  @SubscribeMessage('quit')
  quit(@ConnectedSocket() socket: RainSocket, @Ack() ack?: (answer: unknown) => void) {
    ack?.({ status: 'bye' });
    socket.disconnect();
  }

  private enter(socket: RainSocket, room: string): void {
    connectionOf(socket).room = room;
    void socket.join(socketRoom(room));
    this.announce(socket, room, ENTERED_ROOM_TEXT);
  }

  private exit(socket: RainSocket, room: string): void {
    connectionOf(socket).room = null;
    void socket.leave(socketRoom(room));
    this.announce(socket, room, LEFT_ROOM_TEXT);
  }

  private announce(socket: RainSocket, room: string, text: string): void {
    if (this.options.announce) this.sayIn(socket, room, text);
  }

  private sayIn(socket: RainSocket, room: string, message: string): RoomMessage {
    const said: RoomMessage = { room, from: socket.id, message, sentAt: Date.now() };
    socket.nsp.to(socketRoom(room)).emit(SAY_EVENT, said);
    return said;
  }

  private roomName(room: unknown): string {
    if (typeof room !== 'string' || room.length === 0) throw new RainClientError('bad_request', roomNameRequiredMessage());
    const { maxRoomNameLength } = this.options;
    if (room.length > maxRoomNameLength) {
      throw new RainClientError('room_name_too_long', roomNameTooLongMessage(room.length, maxRoomNameLength));
    }
    return room;
  }

  private async authorize(socket: RainSocket, room: string, verb: Extract<RoomVerb, 'roomChange' | 'listenToRoom'>) {
    const { roomAuthorizer } = this.options;
    if (roomAuthorizer && !(await roomAuthorizer({ room, verb, socket }))) {
      throw new RainClientError('room_not_allowed', roomNotAllowedMessage(room));
    }
  }

  /** An unknown verb is answered like every other failure here: with `error`. */
  onUnknownEvent(_socket: RainSocket, event: string) {
    return { error: unknownVerbMessage(event), code: 'unknown_verb' };
  }
}
