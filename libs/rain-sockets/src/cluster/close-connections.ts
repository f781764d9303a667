import type { Server } from 'socket.io';

interface EngineConnection {
  readyState: string;
  close(discard?: boolean): void;
  once(event: 'close', listener: () => void): void;
}

/**
 * Closes every engine.io connection of the server as a lost connection is closed: its
 * sockets go with `forced close` (socket.io keeps their recovery state) and clients reconnect
 * by themselves. Each connection first sends what it has queued; resolves when all are
 * closed, or after `timeoutMs`, when the rest are dropped with their queues.
 */
export async function closeConnections(io: Server, timeoutMs: number): Promise<void> {
  const clients = Object.values((io.engine as unknown as { clients: Record<string, EngineConnection> }).clients);
  const closed = clients.map((client) => new Promise<void>((resolve) => {
    if (client.readyState === 'closed') return resolve();
    client.once('close', resolve);
    client.close();
  }));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  for (const client of clients) if (client.readyState !== 'closed') client.close(true);
}
