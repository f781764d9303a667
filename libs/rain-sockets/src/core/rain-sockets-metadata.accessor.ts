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
import { GUARDS_METADATA, MESSAGE_MAPPING_METADATA, MESSAGE_METADATA, ROUTE_ARGS_METADATA, WsParamtype } from './nest-internals.js';

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
}
