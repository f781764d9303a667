import type { Namespace, Server } from 'socket.io';

/** The part of `@nestjs/platform-socket.io`'s IoAdapter we extend (typed here: it is an optional peer). */
export interface IoAdapterLike {
  httpServer: unknown;
  create(port: number, options?: Record<string, unknown>): unknown;
  close(server: unknown): Promise<void>;
}
export type IoAdapterClass = new (httpServer?: unknown) => IoAdapterLike;

/** Where the adapter gets the one socket.io server of a path. */
export interface SharedServerSource {
  /** The path the component sockets are served on. */
  readonly path: string;
  /** The app's HTTP server (it exists by the time Nest connects its gateways). */
  httpServer(): unknown;
  /** The component sockets' socket.io server, created on the first call. */
  server(): Server;
  isShared(server: unknown): boolean;
}

/**
 * Nest's IoAdapter, except that a gateway on the component sockets' path (on the app's HTTP
 * server) is handed the component sockets' own socket.io server, or a namespace of it,
 * instead of a second server on that path. Nest's gateways then live on their namespaces
 * of that server, with every pipeline of theirs unchanged: Nest binds them through this
 * adapter, and IoAdapter's binding is used as it is.
 */
export function sharedPathAdapter(IoAdapter: IoAdapterClass, source: SharedServerSource, normalize: (path: unknown) => string): IoAdapterLike {
  class SharedPathIoAdapter extends IoAdapter {
    override create(port: number, options?: Record<string, unknown>): unknown {
      // The HTTP server does not exist yet when this adapter is made (before NestFactory.create returns).
      this.httpServer ??= source.httpServer();
      const onSharedPath = port === 0 && !options?.server && normalize(options?.path) === source.path;
      if (!onSharedPath) return super.create(port, options);
      const io = source.server();
      const namespace = options?.namespace;
      return namespace ? io.of(namespace as string) : io;
    }

    override async close(server: unknown): Promise<void> {
      // The component sockets' server is closed by RainSocketsModule, at its shutdown.
      if (source.isShared(server) || source.isShared((server as Partial<Namespace>)?.server)) return;
      return super.close(server);
    }
  }
  return new SharedPathIoAdapter();
}
