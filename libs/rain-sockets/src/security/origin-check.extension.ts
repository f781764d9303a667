import { type IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Server } from 'socket.io';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { type OriginDecision, originPolicy } from './origin-policy.js';
import { originCheckFailedMessage, originNotAllowedMessage, originRefusedLogMessage } from './security.messages.js';
import { describeError } from '../core/describe-error.js';

type EngineRequest = IncomingMessage & { _query?: { sid?: string } };

/** Distinct refused origins logged, so that a flood of forged ones cannot flood the log. */
const LOGGED_ORIGINS_MAX = 100;

/**
 * Refuses handshakes from pages of other origins (cross-site WebSocket hijacking: a
 * browser sends the session cookie with any page's WebSocket, and socket.io's `cors`
 * option does not apply to WebSockets). It is an engine.io middleware, ahead of the session
 * middleware (this extension comes first in EXTENSION_CLASSES): a refused handshake never
 * loads, creates or saves a session. engine.io runs `allowRequest` only after every
 * middleware, hence not that. Both transports answer HTTP 403.
 */
@Injectable()
export class OriginCheckExtension implements RainSocketExtension {
  private readonly logger = new Logger('RainSockets origin');
  private readonly loggedOrigins = new Set<string>();
  /** Handshakes refused since start (read by telemetry). */
  readonly stats = { refused: 0 };

  constructor(@Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions) {}

  serverCreated(io: Server): void {
    if (this.options.allowedOrigins === '*') return;
    const decide = originPolicy(this.options.allowedOrigins);
    io.engine.use((req: EngineRequest, res: unknown, next: () => void) => {
      // Later requests of an admitted connection (polling, upgrade) carry its id: checked at its handshake.
      if (req._query?.sid !== undefined) return next();
      this.check(decide, req).then(
        (allowed) => (allowed ? next() : this.refuse(req, res)),
        (error: unknown) => {
          this.logger.error(originCheckFailedMessage(describeError(error)));
          this.refuse(req, res);
        },
      );
    });
  }

  private async check(decide: OriginDecision, req: EngineRequest): Promise<boolean> {
    return (await decide(req.headers.origin, req)) === true;
  }

  private refuse(req: EngineRequest, res: unknown): void {
    this.stats.refused++;
    const origin = req.headers.origin ?? '';
    if (this.loggedOrigins.size < LOGGED_ORIGINS_MAX && !this.loggedOrigins.has(origin)) {
      this.loggedOrigins.add(origin);
      this.logger.warn(originRefusedLogMessage(origin, req.headers.host));
    }
    // engine.io's own error shape (code 4: Forbidden), with the reason.
    const body = JSON.stringify({ code: 4, message: originNotAllowedMessage(origin), reason: 'origin_not_allowed' });
    if (res instanceof ServerResponse) {
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(body);
      return;
    }
    // A WebSocket upgrade: engine.io hands middlewares a stand-in response over the raw socket.
    const socket = (res as { socket: Duplex }).socket;
    socket.on('error', () => undefined);
    if (!socket.writable) return void socket.destroy();
    socket.end(
      'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      () => socket.destroy(),
    );
  }
}
