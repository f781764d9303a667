import type { Socket } from 'socket.io-client';

interface Log {
  queued: Map<string, unknown[]>;
  waiting: Map<string, ((payload: unknown) => void)[]>;
}

const logs = new WeakMap<Socket, Log>();

/**
 * Records every event a test client receives from its creation on, so that a test
 * waiting for `hello` sees it even when the server sent it with the connection.
 */
export function recordEvents(socket: Socket): void {
  const log: Log = { queued: new Map(), waiting: new Map() };
  logs.set(socket, log);
  socket.onAny((event: string, payload: unknown) => {
    const waiter = log.waiting.get(event)?.shift();
    if (waiter) return waiter(payload);
    const queue = log.queued.get(event) ?? [];
    queue.push(payload);
    log.queued.set(event, queue);
  });
}

/** The oldest unread payload of `event`, or a promise of the next one. */
export function takeEvent(socket: Socket, event: string, cancel: (undo: () => void) => void): Promise<unknown> | undefined {
  const log = logs.get(socket);
  if (!log) return undefined;
  const queue = log.queued.get(event);
  if (queue?.length) return Promise.resolve(queue.shift());
  return new Promise((resolve) => {
    const list = log.waiting.get(event) ?? [];
    list.push(resolve);
    log.waiting.set(event, list);
    cancel(() => list.splice(list.indexOf(resolve), 1));
  });
}
