import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { RainClientError } from '../handlers/ws-error.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { RAIN_CONNECTION_TALLY, type RainConnectionTally } from './connection-tally.interface.js';
import { type ConnectionLimitSettings, resolveConnectionLimitSettings } from './connection-limit-settings.js';
import { CONNECTION_RESERVATION_TTL } from './security.constants.js';
import { identityFailedMessage, tallyFailedMessage, tooManyConnectionsMessage } from './security.messages.js';

const HELD = Symbol('rain-sockets:connection-keys');

/** The tally keys a socket is counted under, from its handshake until it leaves. */
interface Held {
  keys: string[];
  released: boolean;
  /** Until connected: gives the keys back if the handshake never completes. */
  timer?: NodeJS.Timeout;
  onConnectionClosed?: () => void;
}

type Counted = Socket & { [HELD]?: Held };

/**
 * Caps the sockets of one user and of one address, counted in a RainConnectionTally (this
 * process's by default, cluster-wide when one is given). Counts at the handshake, atomically,
 * so a burst of handshakes cannot all slip under the cap. A later admission step (idle limit,
 * a guard) may still refuse the socket without telling us: its count is given back when its
 * connection closes, or after CONNECTION_RESERVATION_TTL at the latest.
 */
@Injectable()
export class ConnectionLimitExtension implements RainSocketExtension {
  private readonly logger = new Logger('RainSockets connection limit');
  private settings?: ConnectionLimitSettings;

  constructor(
    @Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions,
    @Inject(RAIN_CONNECTION_TALLY) private readonly tally: RainConnectionTally,
  ) {}

  serverCreated(): void {
    this.settings = resolveConnectionLimitSettings(this.options.connectionLimit);
  }

  async admit(socket: Socket): Promise<void> {
    const settings = this.settings;
    if (!settings) return;
    const caps: [key: string, limit: number, scope: 'user' | 'address'][] = [];
    const user = settings.perUser !== undefined ? this.identify('userKey', () => settings.userKey(socket)) : undefined;
    if (user !== undefined) caps.push([`user:${user}`, settings.perUser!, 'user']);
    const address = settings.perAddress !== undefined ? this.identify('address', () => settings.address(socket)) : undefined;
    if (address !== undefined) caps.push([`address:${address}`, settings.perAddress!, 'address']);
    const counted: string[] = [];
    for (const [key, limit, scope] of caps) {
      let added: boolean;
      try {
        added = await this.tally.tryAdd(key, limit);
      } catch (error) {
        this.logger.error(tallyFailedMessage(String(error)));
        continue;
      }
      if (!added) {
        for (const done of counted) this.tally.remove(done);
        throw new RainClientError('too_many_connections', tooManyConnectionsMessage(scope, limit), { scope, limit });
      }
      counted.push(key);
    }
    if (counted.length === 0) return;
    const held: Held = { keys: counted, released: false };
    held.onConnectionClosed = () => this.release(socket as Counted);
    held.timer = setTimeout(held.onConnectionClosed, CONNECTION_RESERVATION_TTL);
    held.timer.unref();
    socket.conn.once('close', held.onConnectionClosed);
    (socket as Counted)[HELD] = held;
  }

  connected(socket: Socket): void {
    const held = (socket as Counted)[HELD];
    if (!held) return;
    this.stopWaiting(socket, held);
    if (!held.released) return;
    // The handshake outlasted its reservation: the socket is here now, so it counts again.
    held.released = false;
    for (const key of held.keys) {
      Promise.resolve()
        .then(() => this.tally.tryAdd(key, Number.MAX_SAFE_INTEGER))
        .catch((error: unknown) => this.logger.error(tallyFailedMessage(String(error))));
    }
  }

  disconnected(socket: Socket): void {
    this.release(socket as Counted);
  }

  private release(socket: Counted): void {
    const held = socket[HELD];
    if (!held || held.released) return;
    held.released = true;
    this.stopWaiting(socket, held);
    for (const key of held.keys) {
      try {
        this.tally.remove(key);
      } catch (error) {
        this.logger.error(tallyFailedMessage(String(error)));
      }
    }
  }

  private stopWaiting(socket: Socket, held: Held): void {
    clearTimeout(held.timer);
    held.timer = undefined;
    if (held.onConnectionClosed) socket.conn.off('close', held.onConnectionClosed);
  }

  private identify(option: 'userKey' | 'address', read: () => string | undefined): string | undefined {
    try {
      return read();
    } catch (error) {
      this.logger.error(identityFailedMessage(`connectionLimit.${option}`, String(error)));
      return undefined;
    }
  }
}
