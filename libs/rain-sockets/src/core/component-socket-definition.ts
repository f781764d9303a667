import type { ComponentSocketMetadata } from '../decorators/component-socket.decorator.js';
import type { ComponentLifecycle } from '../gateway-compat/component-lifecycle.js';

/** One discovered component socket: what the explorer found, what the server serves. */
export interface ComponentSocketDefinition {
  /** The provider instance whose methods handle the namespace. */
  instance: object;
  /** Its class name, for logs and errors. */
  name: string;
  componentId: string;
  version: string;
  channel: string;
  /** `/{prefix}/{componentId}/{version}/{channel}` */
  namespace: string;
  metadata: ComponentSocketMetadata;
  /** Event name → method name, from `@SubscribeMessage()`. */
  events: Map<string, string>;
  /** Its connection, disconnection and init hooks, in RAIN's or a gateway's names. */
  lifecycle: ComponentLifecycle;
}

/** The namespace a component socket is served on. */
export function componentNamespace(prefix: string | undefined, id: string, version: string, channel: string): string {
  const head = prefix ? `/${prefix.replace(/^\/+|\/+$/g, '')}` : '';
  return `${head}/${id}/${version}/${channel}`;
}
