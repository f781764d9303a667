import type { CanActivate, Type } from '@nestjs/common';
import { SetMetadata } from '@nestjs/common';
import { CONNECTION_GUARDS_METADATA } from '../core/rain-sockets.constants.js';

/**
 * Guards that run once, at the handshake, before `handle()`. A guard that returns
 * false or throws refuses the connection: the client gets `connect_error` with the
 * reason, and `handle()` never runs. Class-level `@UseGuards()` guards run there too
 * (and on every event); these run at the handshake only.
 *
 * In the guard, `context.switchToWs().getClient()` is the socket (with its
 * `session` when sessions are on) and `getData()` is the handshake's `auth`.
 */
export const UseConnectionGuards = (...guards: (Type<CanActivate> | CanActivate)[]): ClassDecorator =>
  SetMetadata(CONNECTION_GUARDS_METADATA, guards);
