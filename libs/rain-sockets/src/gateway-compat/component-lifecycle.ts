import type { Namespace } from 'socket.io';
import type { ComponentSocketDefinition } from '../core/component-socket-definition.js';
import type { RainSocketsMetadataAccessor } from '../core/rain-sockets-metadata.accessor.js';
import { InvalidComponentSocketError } from '../errors/invalid-component-socket.error.js';
import { afterInitFailedMessage, gatewayAndComponentSocketMessage, twoHooksMessage } from './gateway-compat.messages.js';

/**
 * The hooks a component socket defines, in RAIN's words or in a gateway's (Nest's
 * `OnGatewayInit`, `OnGatewayConnection`, `OnGatewayDisconnect`, `@WebSocketServer()`),
 * so that a gateway ported as it is keeps every hook working.
 */
export interface ComponentLifecycle {
  /** Runs on each connection, after the connection guards, through the pipeline: `handle` or its gateway name. */
  connect?: 'handle' | 'handleConnection';
  /** Runs on each disconnection with `(socket, reason)`: `onDisconnect` or its gateway name. */
  disconnect?: 'onDisconnect' | 'handleDisconnect';
  /** `afterInit(namespace)`: once, when the namespace is served. */
  afterInit: boolean;
  /** Properties decorated `@WebSocketServer()`: they get the namespace. */
  serverProperties: string[];
}

/** Reads the hooks of a component socket; a gateway that is also a component socket, or one hook defined twice, stops the start-up. */
export function componentLifecycle(instance: object, target: Function, accessor: RainSocketsMetadataAccessor): ComponentLifecycle {
  if (accessor.getGateway(target)) throw new InvalidComponentSocketError(gatewayAndComponentSocketMessage(target.name));
  const has = (method: string) => typeof (instance as Record<string, unknown>)[method] === 'function';
  const pick = <R extends string, G extends string>(rain: R, gateway: G): R | G | undefined => {
    if (has(rain) && has(gateway)) throw new InvalidComponentSocketError(twoHooksMessage(target.name, rain, gateway));
    return has(rain) ? rain : has(gateway) ? gateway : undefined;
  };
  return {
    connect: pick('handle', 'handleConnection'),
    disconnect: pick('onDisconnect', 'handleDisconnect'),
    afterInit: has('afterInit'),
    serverProperties: accessor.getServerProperties(instance),
  };
}

/**
 * What Nest does for a namespaced gateway once its server exists: `@WebSocketServer()`
 * properties get the namespace, then `afterInit(namespace)` runs (awaited; a failure stops
 * the start-up, as a failing onApplicationBootstrap would).
 */
export async function initComponentSocket(definition: ComponentSocketDefinition, namespace: Namespace): Promise<void> {
  const instance = definition.instance as Record<string, unknown> & { afterInit?: (server: Namespace) => unknown };
  for (const property of definition.lifecycle.serverProperties) instance[property] = namespace;
  if (!definition.lifecycle.afterInit) return;
  try {
    await instance.afterInit!(namespace);
  } catch (error) {
    throw new Error(afterInitFailedMessage(definition.name), { cause: error });
  }
}
