import type { Socket } from 'socket.io-client';
import { takeEvent } from './event-log.js';

/**
 * Resolves with the next payload of `event` (its first argument), or rejects after
 * `timeoutMs`. On a client of connectComponent it also sees events that came before
 * the call, each once, in order.
 */
export function nextEvent<T = any>(socket: Socket, event: string, timeoutMs = 2_000): Promise<T> {
  let undo = () => {};
  const logged = takeEvent(socket, event, (u) => (undo = u));
  const next =
    logged ??
    new Promise<unknown>((resolve) => {
      socket.once(event, resolve);
      undo = () => socket.off(event, resolve);
    });
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      undo();
      reject(new Error(`No "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    next.then((payload) => {
      clearTimeout(timer);
      resolve(payload as T);
    });
  });
}

/** Emits with an acknowledgement and resolves with the server's answer. */
export function emitWithAck<T = any>(socket: Socket, event: string, data?: unknown, timeoutMs = 2_000): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, data) as Promise<T>;
}

/** Resolves when no `event` came for `ms` (counting unread ones already received): proves something did not happen. */
export async function noEvent(socket: Socket, event: string, ms = 200): Promise<void> {
  const payload = await nextEvent(socket, event, ms).then(
    (p) => ({ p }),
    () => undefined,
  );
  if (payload) throw new Error(`Unexpected "${event}": ${JSON.stringify(payload.p)}`);
}
