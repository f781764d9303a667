import type { INestApplication } from '@nestjs/common';
import { type ManagerOptions, type Socket, type SocketOptions, io } from 'socket.io-client';
import { componentNamespace } from '../core/component-socket-definition.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import { DEFAULT_SOCKET_PATH } from '../core/rain-sockets.constants.js';
import type { RainEvents } from '../typed-events/rain-events.js';
import type { ComponentClient, UntypedEvents } from './component-client.js';
import { cookieHeader } from './cookie-header.js';
import { recordEvents } from './event-log.js';
import { sessionCookie } from './session-cookie.js';

export { cookieHeader } from './cookie-header.js';

/** Which component socket to connect to: its namespace is `/{id}/{version}/{channel}`. */
export interface ComponentAddress {
  id: string;
  version: string;
  channel: string;
}

/** The options of `connectComponent()` and `connectSocket()`. */
export interface ConnectOptions {
  /**
   * Session values to start with: a session holding them is created in the app's session
   * store before connecting, and its cookie sent with the handshake. Needs sessions on.
   */
  session?: Record<string, unknown>;
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
 * Typed by the component's events when given: `connectComponent<ChatEvents>(app, chat)`.
 * The client never reconnects: it is done when the app closes; `closeComponentClients()`
 * closes every one still open (call it in `afterEach`).
 */
export async function connectComponent<E extends RainEvents = UntypedEvents>(
  app: INestApplication,
  address: ComponentAddress,
  options: ConnectOptions = {},
): Promise<ComponentClient<E>> {
  const rain = app.get<RainSocketsOptions>(RAIN_SOCKETS_OPTIONS, { strict: false });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const namespace = componentNamespace(rain.namespacePrefix, address.id, address.version, address.channel);
  const { session, ...rest } = options;
  const cookies = [
    ...(session ? [await sessionCookie(app, session)] : []),
    ...(rest.cookie ? [cookieHeader(rest.cookie)] : []),
  ];
  return connectSocket<E>(`${url}${namespace}`, {
    path: rain.path ?? DEFAULT_SOCKET_PATH,
    ...rest,
    cookie: cookies.length ? cookies.join('; ') : undefined,
  });
}

/** The same for any URL: `http://host:port/namespace`. */
export function connectSocket<E extends RainEvents = UntypedEvents>(
  url: string,
  options: ConnectOptions & { path?: string } = {},
): Promise<ComponentClient<E>> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = cookieHeader(options.cookie);
  if (options.origin) headers.origin = options.origin;
  const socket: Socket = io(url, {
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
  // Without reconnection a disconnected client is done for good: nothing left to close.
  socket.on('connect', () => opened.add(socket));
  socket.on('disconnect', () => {
    if (!socket.io.reconnection()) opened.delete(socket);
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket as unknown as ComponentClient<E>));
    socket.once('connect_error', (error) => {
      if (options.allowRefusal) resolve(socket as unknown as ComponentClient<E>);
      else {
        opened.delete(socket);
        socket.disconnect();
        reject(error);
      }
    });
  });
}

/** Closes every client that connectComponent / connectSocket opened. */
export function closeComponentClients(): void {
  for (const socket of opened) socket.disconnect();
  opened.clear();
}

/** How many clients of connectComponent / connectSocket are still open (a leak check for tests). */
export function openComponentClients(): number {
  return opened.size;
}
