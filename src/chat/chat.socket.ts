import { Inject, Logger } from '@nestjs/common';
import {
  ComponentSocket,
  ConnectedSocket,
  MessageBody,
  RAIN_SOCKETS_OPTIONS,
  RainClientError,
  RainPresenceService,
  type RainSocket,
  type RainSocketsOptions,
  SubscribeMessage,
} from 'rain-sockets';
import { visitorName } from '../visitor/visitor.js';

const MAX_TEXT = 500;

/** The seeds' chat handler, on /chat/1.0.0/chat, with names, presence and the shared session. */
@ComponentSocket('chat')
export class ChatSocket {
  private readonly logger = new Logger(ChatSocket.name);

  constructor(
    private readonly presence: RainPresenceService,
    @Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions,
  ) {}

  async handle(socket: RainSocket) {
    const name = visitorName(socket.session);
    socket.data.name = name;
    const idle = this.options.idle;
    socket.emit('hello', {
      message: `Hello ${name}!`,
      name,
      // Counted over HTTP, read here from the same session.
      visits: socket.session.get<number>('visits') ?? 0,
      limits: { maxConnections: idle?.maxConnections, idleSeconds: (idle?.idleTimeout ?? 0) / 1_000 },
    });
    await this.presence.track(socket, name, { since: Date.now() });
  }

  @SubscribeMessage('new-message')
  onMessage(@MessageBody() data: { text?: unknown }, @ConnectedSocket() socket: RainSocket) {
    const text = typeof data?.text === 'string' ? data.text.trim() : '';
    if (!text || text.length > MAX_TEXT) throw new RainClientError('bad_request', `A message is 1 to ${MAX_TEXT} characters of text.`);
    // The session is current on every event: a name changed over HTTP is the one used here.
    const from = visitorName(socket.session);
    this.logger.log(`${from}: ${text}`);
    // Saved after the handler (seed 002); GET /session shows both.
    const sent = (socket.session.get<number>('sent') ?? 0) + 1;
    socket.session.set('sent', sent);
    socket.session.set('data', { text });
    socket.broadcast.emit('new-message', { text, from, at: new Date().toISOString() });
    return { delivered: true, from, sent };
  }

  /** The page changed the name over HTTP: this socket reads it from the session and shows it in the presence list. */
  @SubscribeMessage('rename')
  async rename(@ConnectedSocket() socket: RainSocket) {
    const name = visitorName(socket.session);
    const before = socket.data.name as string;
    if (name !== before) {
      this.presence.untrack(socket, before);
      socket.data.name = name;
      await this.presence.track(socket, name, { since: Date.now() });
    }
    return { name };
  }
}
