// What one event's pipeline costs: the bench's handler (a token guard, a counting interceptor,
// @MessageBody) bound by RainHandlerFactory, against Nest's generic pipeline for the same handler
// and the same work written by hand. A Vitest benchmark of the package's own code (not shipped):
// `npx vitest bench --run handler-pipeline`.
import 'reflect-metadata';
import {
  type CallHandler,
  type CanActivate,
  type ExecutionContext,
  Injectable,
  type INestApplication,
  Module,
  type NestInterceptor,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ExternalContextCreator } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { MessageBody } from '@nestjs/websockets';
import { bench, describe } from 'vitest';
import { ROUTE_ARGS_METADATA, WsParamsFactory } from '../core/nest-internals.js';
import { isThenable } from './maybe-async.js';
import { type BoundHandler, RainHandlerFactory } from './rain-handler.factory.js';

const TOKEN = 'bench-token';
const CALLS = 1_000;

@Injectable()
class TokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToWs().getClient<{ handshake: { auth: { token?: string } } }>().handshake.auth.token === TOKEN;
  }
}

@Injectable()
class Counting implements NestInterceptor {
  handled = 0;
  intercept(_context: ExecutionContext, next: CallHandler) {
    this.handled++;
    return next.handle();
  }
}

class EchoHandlers {
  @UseGuards(TokenGuard)
  @UseInterceptors(Counting)
  echo(@MessageBody() data: unknown) {
    return data;
  }

  plain(@MessageBody() data: unknown) {
    return data;
  }
}

@Module({ providers: [EchoHandlers, TokenGuard, Counting] })
class EchoModule {}

const socket = { handshake: { auth: { token: TOKEN } } };
const payload = { text: 'hello from the bench', n: 42 };

// Built before the benchmarks are collected: Vitest's bench mode runs no beforeAll before them.
const app: INestApplication = (await Test.createTestingModule({ imports: [EchoModule] }).compile()).createNestApplication({ logger: false });
await app.init();
const creator = app.get(ExternalContextCreator);
const instance = app.get(EchoHandlers);
const factory = new RainHandlerFactory(creator);
const compiled: BoundHandler = factory.create(instance, 'echo');
const compiledPlain: BoundHandler = factory.create(instance, 'plain');
const generic = creator.create(instance as never, instance.echo as never, 'echo', ROUTE_ARGS_METADATA, new WsParamsFactory() as never, undefined, undefined, { guards: true, interceptors: true, filters: false }, 'ws');
let handled = 0;

describe(`one event through the pipeline (${CALLS} events per iteration)`, () => {

  const ack = (value: unknown) => {
    if (value !== payload) throw new Error('wrong answer');
  };

  bench('by hand (the raw socket.io server of bench/)', () => {
    for (let i = 0; i < CALLS; i++) {
      if (socket.handshake.auth.token !== TOKEN) throw new Error('denied');
      handled++;
      ack(payload);
    }
  });

  bench('compiled pipeline, guard + interceptor', () => {
    for (let i = 0; i < CALLS; i++) {
      const result = compiled(socket, payload, ack);
      if (isThenable(result)) throw new Error('should answer synchronously');
      ack(result);
    }
  });

  bench('compiled pipeline, no enhancer', () => {
    for (let i = 0; i < CALLS; i++) ack(compiledPlain(socket, payload, ack));
  });

  bench("Nest's generic pipeline, guard + interceptor", async () => {
    for (let i = 0; i < CALLS; i++) ack(await generic(socket, payload, ack));
  });
});
