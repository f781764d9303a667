import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';

type EngineRequest = IncomingMessage & { _query?: { sid?: string; transport?: string } };

/** The part of engine.io's server we use: its connections by id (a protected field at the type level). */
interface EngineClients {
  clients: Record<string, { close(discard?: boolean): void } | undefined>;
}

/**
 * A message over `maxHttpBufferSize` closes the connection that sent it. Over WebSocket
 * `ws` does that itself (close 1009); over HTTP long-polling engine.io answers the POST 413
 * and keeps the connection, so the next message of that client is served as if nothing
 * happened. This closes it once the 413 is sent: its next request gets engine.io's
 * `Session ID unknown`, and the client reconnects as after any lost connection.
 */
@Injectable()
export class OversizedPollingExtension implements RainSocketExtension {
  serverCreated(io: Server): void {
    const engine = io.engine as unknown as EngineClients;
    io.engine.use((req: EngineRequest, res: unknown, next: () => void) => {
      const sid = req._query?.sid;
      // Data of an open polling connection: a POST carrying its id (a WebSocket upgrade is a GET).
      if (req.method === 'POST' && sid !== undefined) {
        (res as ServerResponse).once('finish', () => {
          // Discard: without a poll waiting, a polite close would wait for the next one and
          // meanwhile take (and drop) the client's messages with a 200.
          if ((res as ServerResponse).statusCode === 413) engine.clients[sid]?.close(true);
        });
      }
      next();
    });
  }
}
