import type { INestApplication } from '@nestjs/common';
import { type ManagerOptions, type Socket, type SocketOptions, io } from 'socket.io-client';
import { componentNamespace } from '../component-socket-definition.js';
import { RAIN_SOCKETS_OPTIONS } from '../rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../rain-sockets-options.interface.js';
import { DEFAULT_SOCKET_PATH } from '../rain-sockets.constants.js';
import { recordEvents } from './event-log.js';

export interface ComponentAddress {
  id: string;
  version: string;
  channel: string;
}

export interface ConnectOptions {
  /** A `Cookie` header for the handshake, e.g. the `set-cookie` of an HTTP response. */
  cookie?: string | string[];
  /** An `Origin` header for the handshake. */
  origin?: string;
  /** socket.io's `auth` payload. */
  auth?: Record<string, unknown>;
  /** Resolve on `connect_error` too, with the socket still disconnected (default: reject). */
  allowRefusal?: boolean;
  /** Anything else socket.io-client takes. */
  client?: Partial<ManagerOptions & SocketOptions>;
}

const opened = new Set<Socket>();

/**
 * Connects a socket.io client to a component socket of a listening app
 * (`await app.listen(0)`), over the websocket transport, and resolves once it is
 * connected. Rejects with the server's reason when the connection is refused.
 * Every client opened here is closed by `closeComponentClients()`.
 */
export async function connectComponent(
  app: INestApplication,
  address: ComponentAddress,
  options: ConnectOptions = {},
): Promise<Socket> {
  const rain = app.get<RainSocketsOptions>(RAIN_SOCKETS_OPTIONS, { strict: false });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const namespace = componentNamespace(rain.namespacePrefix, address.id, address.version, address.channel);
  return connectSocket(`${url}${namespace}`, { path: rain.path ?? DEFAULT_SOCKET_PATH, ...options });
}

/** The same for any URL: `http://host:port/namespace`. */
export function connectSocket(url: string, options: ConnectOptions & { path?: string } = {}): Promise<Socket> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = cookieHeader(options.cookie);
  if (options.origin) headers.origin = options.origin;
  const socket = io(url, {
    path: options.path ?? DEFAULT_SOCKET_PATH,
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: headers,
    auth: options.auth,
    ...options.client,
  });
  opened.add(socket);
  recordEvents(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      if (options.allowRefusal) resolve(socket);
      else reject(error);
    });
  });
}

/** Closes every client that connectComponent / connectSocket opened. */
export function closeComponentClients(): void {
  for (const socket of opened) socket.disconnect();
  opened.clear();
}

/** Turns `set-cookie` values (or a cookie string) into a `Cookie` header. */
export function cookieHeader(cookie: string | string[]): string {
  const list = Array.isArray(cookie) ? cookie : [cookie];
  return list.map((c) => c.split(';')[0]).join('; ');
}
