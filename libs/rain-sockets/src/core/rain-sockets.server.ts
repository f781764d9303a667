import type { BeforeApplicationShutdown, CanActivate, OnApplicationBootstrap, OnModuleInit, Type } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Server } from 'socket.io';
import type { ComponentSocketDefinition } from './component-socket-definition.js';
import { ComponentSocketHost, type EventHandler } from './component-socket.host.js';
import { RainHandlerFactory } from '../handlers/rain-handler.factory.js';
import { RAIN_SOCKETS_OPTIONS } from './rain-sockets-module-definition.js';
import type { RainSocketsOptions } from './rain-sockets-options.interface.js';
import { RainSocketsExplorer } from './rain-sockets.explorer.js';
import { RainSocketsMetadataAccessor } from './rain-sockets-metadata.accessor.js';
import { RainSocketsRegistry } from './rain-sockets.registry.js';
import { shutdownLeftHandlersMessage } from './rain-sockets.messages.js';
import { DEFAULT_HANDLER_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT, SERVER_SHUTDOWN_EVENT } from './rain-sockets.constants.js';
import { validateOptions } from './rain-sockets-options.validator.js';
import { RAIN_SOCKET_EXTENSIONS } from './rain-socket-extensions.token.js';
import type { RainSocketExtension } from './rain-socket-extension.interface.js';
import { RainSessionService } from '../session/rain-session.service.js';
import { RainSessionGuard } from '../session/rain-session.guard.js';
import { SessionSaveInterceptor } from '../session/session-save.interceptor.js';
import { RainIoServer } from '../gateway-compat/rain-io-server.js';
import { initComponentSocket } from '../gateway-compat/component-lifecycle.js';

/**
 * Owns the socket.io server: discovers component sockets in onModuleInit (so a bad
 * one stops the start-up), serves them in onApplicationBootstrap, and closes them in
 * beforeApplicationShutdown.
 */
@Injectable()
export class RainSocketsServer implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RainSockets');
  private definitions: ComponentSocketDefinition[] = [];
  private io?: Server;
  private hosts: ComponentSocketHost[] = [];
  private shuttingDown = false;

  constructor(
    private readonly explorer: RainSocketsExplorer,
    private readonly handlers: RainHandlerFactory,
    private readonly accessor: RainSocketsMetadataAccessor,
    private readonly registry: RainSocketsRegistry,
    private readonly ioServer: RainIoServer,
    private readonly moduleRef: ModuleRef,
    @Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions,
    @Inject(RAIN_SOCKET_EXTENSIONS) private readonly extensions: RainSocketExtension[],
    private readonly sessions: RainSessionService,
    private readonly sessionGuard: RainSessionGuard,
    private readonly sessionSaver: SessionSaveInterceptor,
  ) {}

  onModuleInit(): void {
    validateOptions(this.options);
    this.definitions = this.explorer.explore();
    this.ioServer.checkGateways(this.definitions);
    // Handlers are bound at bootstrap, after this: they pick these up as global enhancers.
    if (this.sessions.enabled) this.handlers.addGlobalEnhancers(this.sessionGuard, this.sessionSaver);
  }

  async onApplicationBootstrap(): Promise<void> {
    // One server per app: the one Nest's gateways on our path were given already, if any.
    const io = this.ioServer.server();
    this.io = io;
    for (const extension of this.extensions) await extension.serverCreated?.(io);
    const globalGuards = await this.resolveGuards(this.options.connectionGuards ?? []);
    for (const definition of this.definitions) {
      const host = new ComponentSocketHost({
        handlerTimeout: this.options.handlerTimeout ?? DEFAULT_HANDLER_TIMEOUT,
        definition,
        handlers: this.bindEvents(definition),
        handle: definition.lifecycle.connect
          ? this.handlers.create(definition.instance, definition.lifecycle.connect, { guards: false })
          : undefined,
        connectionGuards: [
          ...globalGuards,
          ...(await this.resolveGuards(this.accessor.getClassGuards(definition.instance.constructor))),
          ...(await this.resolveGuards(this.accessor.getConnectionGuards(definition.instance.constructor))),
        ],
        extensions: this.extensions,
        session: this.sessions.enabled && (definition.metadata.session ?? this.sessions.perSocketDefault),
      });
      host.attach(io.of(definition.namespace));
      this.hosts.push(host);
      this.logger.log(`Serving ${definition.name} on ${definition.namespace}`);
    }
    this.registry.register(io, this.options.namespacePrefix, this.definitions);
    for (const definition of this.definitions) await initComponentSocket(definition, io.of(definition.namespace));
  }

  /** Whether the shutdown has begun: no new connection is admitted from then on (read by the health indicator). */
  get draining(): boolean {
    return this.shuttingDown;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    const io = this.io;
    if (!io) return;
    this.io = undefined;
    // Graceful: refuse new connections, tell clients to go elsewhere, let running
    // handlers (and their session saves) finish, then close.
    const timeout = this.options.shutdownTimeout ?? DEFAULT_SHUTDOWN_TIMEOUT;
    const draining = Promise.all(this.hosts.map((host) => host.drain(timeout)));
    for (const definition of this.definitions) io.of(definition.namespace).local.emit(SERVER_SHUTDOWN_EVENT, {});
    const left = (await draining).reduce((sum, count) => sum + count, 0);
    if (left > 0) this.logger.warn(shutdownLeftHandlersMessage(left, timeout));
    this.hosts = [];
    for (const extension of this.extensions) await extension.serverClosing?.(io);
    this.registry.clear();
    // Not io.close(): that would also close the HTTP server, which Nest closes itself.
    const namespaces = (io as unknown as { _nsps: Map<string, import('socket.io').Namespace> })._nsps;
    for (const namespace of namespaces.values()) {
      namespace.local.disconnectSockets(true);
      await namespace.adapter.close();
    }
    io.engine.close();
  }

  private bindEvents(definition: ComponentSocketDefinition): Map<string, EventHandler> {
    const bound = new Map<string, EventHandler>();
    for (const [event, methodName] of definition.events) {
      bound.set(event, {
        methodName,
        bound: this.handlers.create(definition.instance, methodName),
        takesAck: this.accessor.takesAck(definition.instance.constructor, methodName),
      });
    }
    return bound;
  }

  private async resolveGuards(guards: (Type<CanActivate> | CanActivate)[]): Promise<CanActivate[]> {
    return Promise.all(
      guards.map(async (guard) => {
        if (typeof guard !== 'function') return guard;
        try {
          return this.moduleRef.get(guard, { strict: false });
        } catch {
          return this.moduleRef.create(guard);
        }
      }),
    );
  }
}
