import type { CanActivate, Type } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ComponentSocketMetadata } from '../decorators/component-socket.decorator.js';
import type { RainComponentMetadata } from '../decorators/rain-component.decorator.js';
import {
  COMPONENT_SOCKET_METADATA,
  CONNECTION_GUARDS_METADATA,
  RAIN_COMPONENT_METADATA,
} from './rain-sockets.constants.js';
import {
  GATEWAY_METADATA,
  GATEWAY_OPTIONS,
  GATEWAY_SERVER_METADATA,
  GUARDS_METADATA,
  MESSAGE_MAPPING_METADATA,
  MESSAGE_METADATA,
  PORT_METADATA,
  ROUTE_ARGS_METADATA,
  WsParamtype,
} from './nest-internals.js';

/** What `@WebSocketGateway(port?, options?)` declared on a class. */
export interface GatewayMetadata {
  /** 0: the app's own HTTP server; else a server of its own on that port. */
  port: number;
  options: Record<string, unknown> & { path?: unknown; namespace?: unknown };
}

/** The only place that reads decorator metadata. */
@Injectable()
export class RainSocketsMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  getComponentSocket(target: Function): ComponentSocketMetadata | undefined {
    return this.reflector.get(COMPONENT_SOCKET_METADATA, target);
  }

  getComponent(moduleClass: Function | undefined): RainComponentMetadata | undefined {
    return moduleClass ? this.reflector.get(RAIN_COMPONENT_METADATA, moduleClass) : undefined;
  }

  getConnectionGuards(target: Function): (Type<CanActivate> | CanActivate)[] {
    return this.reflector.get(CONNECTION_GUARDS_METADATA, target) ?? [];
  }

  /** Class-level `@UseGuards()`: they run at the handshake as well as on every event. */
  getClassGuards(target: Function): (Type<CanActivate> | CanActivate)[] {
    return this.reflector.get(GUARDS_METADATA, target) ?? [];
  }

  /** The event a method subscribes to with Nest's `@SubscribeMessage()`, if any. */
  getSubscribedEvent(method: Function): string | undefined {
    if (!this.reflector.get(MESSAGE_MAPPING_METADATA, method)) return undefined;
    return this.reflector.get(MESSAGE_METADATA, method);
  }

  /** Whether the method takes Nest's `@Ack()` and so answers by itself. */
  takesAck(target: Function, methodName: string): boolean {
    const params: Record<string, unknown> =
      Reflect.getMetadata(ROUTE_ARGS_METADATA, target, methodName) ?? {};
    return Object.keys(params).some((key) => key.split(':')[0] === String(WsParamtype.ACK));
  }

  /** What Nest's `@WebSocketGateway()` declared on the class, if it is a gateway. */
  getGateway(target: Function): GatewayMetadata | undefined {
    if (!this.reflector.get(GATEWAY_METADATA, target)) return undefined;
    return {
      port: this.reflector.get(PORT_METADATA, target) ?? 0,
      options: this.reflector.get(GATEWAY_OPTIONS, target) ?? {},
    };
  }

  /**
   * The properties decorated with Nest's `@WebSocketServer()`, found as Nest finds them
   * (enumerable keys of the instance, the decorator's metadata on the prototype chain).
   */
  getServerProperties(instance: object): string[] {
    const found: string[] = [];
    for (const key in instance) {
      if (typeof (instance as Record<string, unknown>)[key] === 'function') continue;
      if (Reflect.getMetadata(GATEWAY_SERVER_METADATA, instance, key) !== undefined) found.push(key);
    }
    return found;
  }
}
