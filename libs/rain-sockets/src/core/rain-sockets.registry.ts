import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import { ComponentServer } from './component-server.js';
import { type ComponentSocketDefinition, componentNamespace } from './component-socket-definition.js';
import { serverNotStartedMessage, unknownComponentServerMessage } from './rain-sockets.messages.js';

/**
 * The runtime API: inject it anywhere to reach a component socket's namespace.
 *
 * @example
 * ```ts
 * constructor(private readonly sockets: RainSocketsRegistry) {}
 * announce() { this.sockets.server('chat', '1.0.0', 'chat').emit('news', { text: 'hi' }); }
 * ```
 */
@Injectable()
export class RainSocketsRegistry {
  private ioServer?: Server;
  private prefix?: string;
  private readonly servers = new Map<string, ComponentServer>();

  /** socket.io's server; it exists from onApplicationBootstrap on. */
  get io(): Server {
    if (!this.ioServer) throw new Error(serverNotStartedMessage());
    return this.ioServer;
  }

  /** The namespace of one component socket. Throws when no component socket serves it. */
  server(componentId: string, version: string, channel: string): ComponentServer {
    if (!this.ioServer) throw new Error(serverNotStartedMessage());
    const name = componentNamespace(this.prefix, componentId, version, channel);
    const server = this.servers.get(name);
    if (!server) throw new Error(unknownComponentServerMessage(name, [...this.servers.keys()]));
    return server;
  }

  /** Every served component socket. */
  all(): ComponentServer[] {
    return [...this.servers.values()];
  }

  /** @internal called by the server when it starts. */
  register(io: Server, prefix: string | undefined, definitions: ComponentSocketDefinition[]): void {
    this.ioServer = io;
    this.prefix = prefix;
    for (const d of definitions) {
      this.servers.set(d.namespace, new ComponentServer(d.componentId, d.version, d.channel, io.of(d.namespace)));
    }
  }

  /** @internal */
  clear(): void {
    this.ioServer = undefined;
    this.servers.clear();
  }
}
