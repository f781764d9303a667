import { type Socket, io } from 'socket.io-client';
import type {
  RainRoomsCallback,
  RainRoomsClientOptions,
  RainRoomsEvents,
  RainRoomsState,
} from './rain-rooms-client.options.js';
import { RainRoomsError } from './rain-rooms.error.js';
import {
  type ConnectionDetails,
  DEFAULT_ROOMS_NAMESPACE,
  type RoomChanged,
  type RoomSaid,
  type RoomView,
  type RoomsListening,
} from './rain-rooms.protocol.js';
import {
  roomsConnectFailedMessage,
  roomsDisconnectedMessage,
  roomsHandlerFailedMessage,
  roomsNoUrlMessage,
  roomsNotConnectedMessage,
  roomsRejoinFailedMessage,
  roomsTimeoutMessage,
} from './rooms.messages.js';

const DEFAULT_TIMEOUT = 10_000;

/**
 * The client of RainRoomsModule, shaped like actionHero's `actionHeroWebSocket`: every
 * verb takes an optional `(error, response)` callback and, without one, returns a promise.
 * After a reconnect it goes back into its room and the rooms it listened to.
 *
 * @example
 * ```ts
 * const rooms = new RainRoomsClient();
 * rooms.events = { say: (m) => show(`${m.from}: ${m.message}`) };
 * rooms.connect((error, details) => console.log(error ?? details.room));
 * await rooms.roomChange('games');
 * await rooms.say('hi all');
 * ```
 */
export class RainRoomsClient {
  /** 'connected', 'disconnected' or 'reconnecting' (lost, socket.io is trying again). */
  state: RainRoomsState = 'disconnected';
  events: RainRoomsEvents = {};
  /** The connection's id (it changes on every reconnect), once connected. */
  id: string | null = null;
  /** Its own room, where `say` goes. */
  room: string | null = null;
  /** Rooms it listens to besides its own. */
  listening: string[] = [];
  /** The socket.io socket underneath, for anything else. */
  readonly socket: Socket;

  private readonly timeout: number;
  private readonly onError: (error: unknown, message: string) => void;
  private closed = true;
  private connectedBefore = false;

  constructor(options: RainRoomsClientOptions = {}) {
    const origin = options.url ?? (globalThis as { location?: { origin?: string } }).location?.origin;
    if (!origin) throw new TypeError(roomsNoUrlMessage());
    this.timeout = options.timeout ?? DEFAULT_TIMEOUT;
    this.onError = options.onError ?? ((error, message) => console.error(message, error));
    this.socket = io(`${origin.replace(/\/+$/, '')}${options.namespace ?? DEFAULT_ROOMS_NAMESPACE}`, {
      path: options.path ?? '/socket.io',
      autoConnect: false,
      ...options.socket,
    });
    this.socket.on('connect', () => this.onConnect());
    this.socket.on('disconnect', (reason) => {
      this.state = this.socket.active ? 'reconnecting' : 'disconnected';
      this.emitEvent('disconnect', reason);
    });
    this.socket.on('welcome', (welcome) => {
      this.id = welcome.id;
      this.emitEvent('welcome', welcome);
    });
    this.socket.on('say', (message) => this.emitEvent('say', message));
    this.socket.on('alert', (message) => this.emitEvent('alert', message));
  }

  /** Connects; the answer is `detailsView()`'s. A refused or failed first connection is an error, and is not retried. */
  connect(): Promise<ConnectionDetails>;
  connect(callback: RainRoomsCallback<ConnectionDetails>): void;
  connect(callback?: RainRoomsCallback<ConnectionDetails>) {
    return this.settle(this.open(), callback);
  }

  /** Says `message` in its room, to everyone there (itself included). */
  say(message: string): Promise<RoomSaid>;
  say(message: string, callback: RainRoomsCallback<RoomSaid>): void;
  say(message: string, callback?: RainRoomsCallback<RoomSaid>) {
    return this.settle(this.verb<RoomSaid>('say', message), callback);
  }

  /** Leaves its room for `room`. */
  roomChange(room: string): Promise<RoomChanged>;
  roomChange(room: string, callback: RainRoomsCallback<RoomChanged>): void;
  roomChange(room: string, callback?: RainRoomsCallback<RoomChanged>) {
    const answer = this.verb<RoomChanged>('roomChange', room).then((changed) => {
      this.room = changed.room;
      this.listening = this.listening.filter((listened) => listened !== changed.room);
      return changed;
    });
    return this.settle(answer, callback);
  }

  /** Its room (or a room it listens to) and who is in it, on every node. */
  roomView(room?: string): Promise<RoomView>;
  roomView(callback: RainRoomsCallback<RoomView>): void;
  roomView(room: string, callback: RainRoomsCallback<RoomView>): void;
  roomView(roomOrCallback?: string | RainRoomsCallback<RoomView>, callback?: RainRoomsCallback<RoomView>) {
    if (typeof roomOrCallback === 'function') return this.settle(this.verb<RoomView>('roomView'), roomOrCallback);
    return this.settle(this.verb<RoomView>('roomView', roomOrCallback), callback);
  }

  /** Hears `room` too, while staying in its own. */
  listenToRoom(room: string): Promise<RoomsListening>;
  listenToRoom(room: string, callback: RainRoomsCallback<RoomsListening>): void;
  listenToRoom(room: string, callback?: RainRoomsCallback<RoomsListening>) {
    return this.settle(this.listeningVerb('listenToRoom', room), callback);
  }

  /** Stops hearing a room it listened to. */
  silenceRoom(room: string): Promise<RoomsListening>;
  silenceRoom(room: string, callback: RainRoomsCallback<RoomsListening>): void;
  silenceRoom(room: string, callback?: RainRoomsCallback<RoomsListening>) {
    return this.settle(this.listeningVerb('silenceRoom', room), callback);
  }

  /** Its id, type, rooms and connectedAt. */
  detailsView(): Promise<ConnectionDetails>;
  detailsView(callback: RainRoomsCallback<ConnectionDetails>): void;
  detailsView(callback?: RainRoomsCallback<ConnectionDetails>) {
    return this.settle(this.details(), callback);
  }

  /** Asks the server to close the connection (actionHero's `quit`); it is not re-opened by itself. */
  quit(): Promise<{ status: 'bye' }>;
  quit(callback: RainRoomsCallback<{ status: 'bye' }>): void;
  quit(callback?: RainRoomsCallback<{ status: 'bye' }>) {
    const answer = this.verb<{ status: 'bye' }>('quit').finally(() => (this.closed = true));
    return this.settle(answer, callback);
  }

  /** Closes the connection; verbs fail with `disconnected` until `connect()` again. */
  disconnect(): void {
    this.closed = true;
    this.socket.disconnect();
    this.state = 'disconnected';
  }

  private open(): Promise<ConnectionDetails> {
    this.closed = false;
    if (this.socket.connected) return this.details();
    return new Promise((resolve, reject) => {
      const connected = () => {
        this.socket.off('connect_error', failed);
        this.details().then(resolve, reject);
      };
      const failed = (error: Error & { data?: unknown }) => {
        this.socket.off('connect', connected);
        this.disconnect();
        reject(new RainRoomsError('connect_failed', roomsConnectFailedMessage(error.message), error.data));
      };
      this.socket.once('connect', connected);
      this.socket.once('connect_error', failed);
      this.socket.connect();
    });
  }

  private onConnect(): void {
    this.state = 'connected';
    if (this.connectedBefore) void this.rejoin();
    this.connectedBefore = true;
  }

  /** After a reconnect: back into its room and the rooms it listened to, then `events.reconnect`. */
  private async rejoin(): Promise<void> {
    const { room, listening } = this;
    try {
      const now = await this.details();
      if (room !== null && now.room !== room) await this.restore(room, () => this.roomChange(room));
      for (const listened of listening) {
        if (!now.listening.includes(listened)) await this.restore(listened, () => this.listenToRoom(listened));
      }
      this.emitEvent('reconnect', await this.details());
    } catch (error) {
      this.onError(error, (error as Error).message);
    }
  }

  private async restore(room: string, verb: () => Promise<unknown>): Promise<void> {
    try {
      await verb();
    } catch (error) {
      this.onError(error, roomsRejoinFailedMessage(room, (error as Error).message));
    }
  }

  private details(): Promise<ConnectionDetails> {
    return this.verb<ConnectionDetails>('detailsView').then((details) => {
      this.id = details.id;
      this.room = details.room;
      this.listening = [...details.listening];
      return details;
    });
  }

  private listeningVerb(verb: 'listenToRoom' | 'silenceRoom', room: string): Promise<RoomsListening> {
    return this.verb<RoomsListening>(verb, room).then((answer) => {
      this.listening = [...answer.listening];
      return answer;
    });
  }

  private async verb<T>(verb: string, argument?: unknown): Promise<T> {
    if (this.closed) throw new RainRoomsError('disconnected', roomsNotConnectedMessage(verb));
    let answer: unknown;
    try {
      const timed = this.socket.timeout(this.timeout);
      answer = argument === undefined ? await timed.emitWithAck(verb) : await timed.emitWithAck(verb, argument);
    } catch (error) {
      // socket.io rejects pending acks with this text when the connection drops.
      const dropped = /disconnected/.test((error as Error).message);
      throw dropped
        ? new RainRoomsError('disconnected', roomsDisconnectedMessage(verb))
        : new RainRoomsError('timeout', roomsTimeoutMessage(verb, this.timeout));
    }
    const failure = failureOf(answer);
    if (failure) throw new RainRoomsError(failure.code, failure.message, answer);
    return answer as T;
  }

  /** A promise, or the same outcome through an `(error, response)` callback. */
  private settle<T>(answer: Promise<T>, callback?: RainRoomsCallback<T>): Promise<T> | void {
    if (!callback) return answer;
    answer.then(
      (response) => callback(null, response),
      (error: RainRoomsError) => callback(error, (error.response as T | undefined) ?? null),
    );
  }

  private emitEvent<K extends keyof RainRoomsEvents>(event: K, payload: Parameters<NonNullable<RainRoomsEvents[K]>>[0]) {
    const handler = this.events[event] as ((payload: unknown) => void) | undefined;
    if (!handler) return;
    try {
      handler.call(this.events, payload);
    } catch (error) {
      this.onError(error, roomsHandlerFailedMessage(event));
    }
  }
}

/** A rooms failure (`{ error }`) or a failure of the library itself (`{ status: 'error' }`). */
function failureOf(answer: unknown): { code: string; message: string } | undefined {
  if (typeof answer !== 'object' || answer === null) return undefined;
  const { error, status, code, message } = answer as Record<string, unknown>;
  if (typeof error === 'string' && error) return { code: typeof code === 'string' ? code : 'error', message: error };
  if (status === 'error') return { code: typeof code === 'string' ? code : 'error', message: String(message) };
  return undefined;
}
