import { Inject, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { type ComponentSocketDefinition, componentNamespace } from './component-socket-definition.js';
import { InvalidComponentSocketError } from '../errors/invalid-component-socket.error.js';
import { NamespaceConflictError } from '../errors/namespace-conflict.error.js';
import { RAIN_SOCKETS_OPTIONS } from './rain-sockets-module-definition.js';
import type { RainSocketsOptions } from './rain-sockets-options.interface.js';
import { RainSocketsMetadataAccessor } from './rain-sockets-metadata.accessor.js';
import { componentLifecycle } from '../gateway-compat/component-lifecycle.js';
import {
  duplicateNamespaceMessage,
  invalidComponentMessage,
  missingComponentMessage,
  requestScopedSocketMessage,
} from './rain-sockets.messages.js';

const SEGMENT = /^[A-Za-z0-9._-]+$/;

/** Finds every @ComponentSocket provider of the app, in whatever module it is declared. */
@Injectable()
export class RainSocketsExplorer {
  private readonly logger = new Logger('RainSockets');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: RainSocketsMetadataAccessor,
    @Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions,
  ) {}

  explore(): ComponentSocketDefinition[] {
    const byNamespace = new Map<string, ComponentSocketDefinition>();
    for (const wrapper of this.discovery.getProviders()) {
      if (wrapper.isAlias) continue;
      // A factory or value provider has no metatype of its own (or the factory's):
      // the decorated class is then the instance's constructor.
      const target: Function | undefined =
        !wrapper.metatype || wrapper.inject ? wrapper.instance?.constructor : (wrapper.metatype as Function);
      if (!target) continue;
      const metadata = this.accessor.getComponentSocket(target);
      if (!metadata) continue;
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
        this.logger.warn(requestScopedSocketMessage(target.name));
        continue;
      }
      const moduleClass = wrapper.host?.metatype as Function | undefined;
      const component = this.accessor.getComponent(moduleClass);
      const componentId = metadata.component ?? component?.id;
      const version = metadata.version ?? component?.version;
      if (!componentId || !version) {
        throw new InvalidComponentSocketError(missingComponentMessage(target.name, moduleClass?.name ?? 'unknown'));
      }
      const owner = metadata.component ? target.name : (moduleClass?.name ?? target.name);
      for (const [field, value] of [['id', componentId], ['version', version], ['channel', metadata.channel]]) {
        if (typeof value !== 'string' || !SEGMENT.test(value)) {
          throw new InvalidComponentSocketError(invalidComponentMessage(owner, field, value));
        }
      }
      const namespace = componentNamespace(this.options.namespacePrefix, componentId, version, metadata.channel);
      const definition: ComponentSocketDefinition = {
        instance: wrapper.instance,
        name: target.name,
        componentId,
        version,
        channel: metadata.channel,
        namespace,
        metadata,
        events: this.exploreEvents(wrapper.instance),
        lifecycle: componentLifecycle(wrapper.instance, target, this.accessor),
      };
      const claimed = byNamespace.get(namespace);
      if (claimed) {
        throw new NamespaceConflictError(namespace, duplicateNamespaceMessage(namespace, claimed.name, definition.name));
      }
      byNamespace.set(namespace, definition);
    }
    return [...byNamespace.values()];
  }

  private exploreEvents(instance: object): Map<string, string> {
    const events = new Map<string, string>();
    const prototype = Object.getPrototypeOf(instance);
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const event = this.accessor.getSubscribedEvent(prototype[methodName]);
      if (event !== undefined) events.set(event, methodName);
    }
    return events;
  }
}
