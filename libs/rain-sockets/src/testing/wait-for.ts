import type { Socket } from 'socket.io-client';
import type { AckAnswer, EventsMap } from '../typed-events/rain-events.js';
import { takeEvent } from './event-log.js';

type AnySocket = Socket<any, any>;
/** The socket's own event maps: typed ones check names and payloads, untyped ones take any. */
type ListenOf<S> = S extends Socket<infer L, any> ? L : never;
type EmitOf<S> = S extends Socket<any, infer E> ? E : never;
/** A socket whose events are not declared: only there may an explicit payload type stand in. */
type Untyped<S extends AnySocket> = string extends keyof ListenOf<S> ? S : never;
type FirstArg<F> = F extends (first: infer A, ...rest: any[]) => unknown ? A : undefined;
type DataArgs<F> = F extends (...args: infer P) => unknown
  ? P extends [...infer Data, (...answer: any[]) => unknown]
    ? Data
    : P
  : never;

/**
 * Resolves with the next payload of `event` (its first argument), or rejects after
 * `timeoutMs`. On a client of connectComponent it also sees events that came before
 * the call, each once, in order. On a typed client the event must be one the server
 * sends, and the payload has its type.
 */
export function nextEvent<S extends AnySocket, K extends keyof ListenOf<S> & string>(
  socket: S,
  event: K,
  timeoutMs?: number,
): Promise<FirstArg<ListenOf<S>[K]>>;
export function nextEvent<T = any, S extends AnySocket = Socket>(socket: S & Untyped<S>, event: string, timeoutMs?: number): Promise<T>;
export function nextEvent(socket: Socket, event: string, timeoutMs = 2_000): Promise<unknown> {
  let undo = () => {};
  const logged = takeEvent(socket, event, (u) => (undo = u));
  const next =
    logged ??
    new Promise<unknown>((resolve) => {
      socket.once(event, resolve);
      undo = () => socket.off(event, resolve);
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      undo();
      reject(new Error(`No "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    next.then((payload) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/**
 * Emits with an acknowledgement and resolves with the server's answer. On a typed client
 * the event must be one the server listens to, with its payload, and the answer has the
 * type of the event's ack.
 */
export function emitWithAck<S extends AnySocket, K extends keyof EmitOf<S> & string>(
  socket: S,
  event: K,
  ...rest: DataArgs<EmitOf<S>[K]> extends [] ? [data?: undefined, timeoutMs?: number] : [data: DataArgs<EmitOf<S>[K]>[0], timeoutMs?: number]
): Promise<string extends keyof EmitOf<S> ? any : AckAnswer<EmitOf<S> & EventsMap, K>>;
export function emitWithAck<T = any, S extends AnySocket = Socket>(
  socket: S & Untyped<S>,
  event: string,
  data?: unknown,
  timeoutMs?: number,
): Promise<T>;
export function emitWithAck(socket: Socket, event: string, data?: unknown, timeoutMs = 2_000): Promise<unknown> {
  return socket.timeout(timeoutMs).emitWithAck(event, data);
}

/** Resolves when no `event` came for `ms` (counting unread ones already received): proves something did not happen. */
export async function noEvent(socket: AnySocket, event: string, ms = 200): Promise<void> {
  const payload = await (nextEvent as (s: AnySocket, e: string, t: number) => Promise<unknown>)(socket, event, ms).then(
    (p) => ({ p }),
    () => undefined,
  );
  if (payload) throw new Error(`Unexpected "${event}": ${JSON.stringify(payload.p)}`);
}
