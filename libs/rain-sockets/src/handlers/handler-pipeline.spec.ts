import 'reflect-metadata';
import {
  type ArgumentsHost,
  BadRequestException,
  type CallHandler,
  type CanActivate,
  Catch,
  type ExceptionFilter,
  type ExecutionContext,
  Injectable,
  type INestApplication,
  Module,
  type NestInterceptor,
  ParseIntPipe,
  type PipeTransform,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
  ValidationPipe,
  createParamDecorator,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE, ExternalContextCreator } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Ack, ConnectedSocket, MessageBody, WsException } from '@nestjs/websockets';
import { IsString, MinLength } from 'class-validator';
import { EMPTY, type Observable, catchError, concat, defer, delay, ignoreElements, map, of, tap, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_ARGS_METADATA, WsParamsFactory, captureHandlerEnhancers, selectExceptionFilterMetadata, ExecutionContextHost } from '../core/nest-internals.js';
import { AFTER_HANDLER, type AfterHandlerInterceptor } from './after-handler.js';
import { HANDLED_BY_FILTER } from './handler-pipeline.js';
import { isThenable } from './maybe-async.js';
import { RainHandlerFactory } from './rain-handler.factory.js';

// The compiled pipeline against Nest's own generic one (ExternalContextCreator.create), handler by
// handler, over the same enhancers at global, class and method level: same result or error, and the
// enhancers called in the same order. It also fails when a Nest upgrade changes what
// captureHandlerEnhancers reads (see core/nest-internals.ts).

const calls: string[] = [];
const log = (entry: string) => calls.push(entry);
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

class Dto {
  @IsString()
  @MinLength(1)
  text!: string;
}

@Injectable()
class GlobalGuard implements CanActivate {
  canActivate() {
    log('global guard');
    return true;
  }
}
@Injectable()
class GlobalInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler) {
    log('global interceptor');
    return next.handle();
  }
}
@Injectable()
class GlobalPipe implements PipeTransform {
  transform(value: unknown, metadata: { type: string }) {
    log(`global pipe ${metadata.type}`);
    return value;
  }
}
@Catch(RangeError)
class GlobalFilter implements ExceptionFilter {
  catch(error: RangeError, host: ArgumentsHost) {
    log(`global filter ${error.message} ${host.getType()}`);
  }
}

class ClassGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    log(`class guard ${context.getClass().name}.${context.getHandler().name}`);
    return true;
  }
}
class ClassInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler) {
    log('class interceptor');
    return next.handle().pipe(tap(() => log('class interceptor after')));
  }
}
@Catch(SyntaxError)
class ClassFilter implements ExceptionFilter {
  async catch(error: SyntaxError) {
    await tick();
    log(`class filter ${error.message}`);
  }
}

const guard = (name: string, answer: () => unknown): CanActivate => ({
  canActivate: () => {
    log(`guard ${name}`);
    return answer() as boolean;
  },
});
const interceptor = (name: string, body: (next: CallHandler) => unknown): NestInterceptor => ({
  intercept: (_context, next) => {
    log(`interceptor ${name}`);
    return body(next) as Observable<unknown>;
  },
});
/** The session interceptor's shape: a plain interceptor whose after step the compiled pipeline calls directly. */
const afterStep = (name: string, step: () => void | Promise<void>): AfterHandlerInterceptor => ({
  intercept: (_context, next) => concat(next.handle(), defer(() => step() ?? EMPTY).pipe(ignoreElements())),
  [AFTER_HANDLER]: () => step(),
});
const pipe = (name: string, transform: (value: unknown) => unknown): PipeTransform => ({
  transform: (value) => {
    log(`pipe ${name}`);
    return transform(value);
  },
});
const Tagged = createParamDecorator((data: string, context: ExecutionContext) => `${data}:${context.getType()}:${typeof context.switchToWs().getData()}`);
const Later = createParamDecorator((data: number) => Promise.resolve(data * 2));

@UseGuards(ClassGuard)
@UseInterceptors(ClassInterceptor)
@UseFilters(ClassFilter)
class Handlers {
  plain(socket: unknown, data: unknown, ack: unknown) {
    log(`plain ${typeof socket} ${JSON.stringify(data)} ${typeof ack}`);
    return { got: data };
  }
  async later(@MessageBody() data: number) {
    await tick();
    return data + 1;
  }
  many() {
    return of(1, 2, 3);
  }
  empty() {
    return EMPTY;
  }
  promisedObservable() {
    return Promise.resolve(of('a', 'b').pipe(delay(1)));
  }
  explode() {
    throw new TypeError('boom');
  }
  async rejects() {
    throw new WsException({ code: 'nope', message: 'Nope' });
  }
  @UseGuards(guard('false', () => false))
  deniedSync() {
    return 'never';
  }
  @UseGuards(guard('async true', () => Promise.resolve(true)), guard('after async', () => true))
  allowedAsync() {
    return 'allowed';
  }
  @UseGuards(guard('async false', () => tick().then(() => false)), guard('never asked', () => true))
  deniedAsync() {
    return 'never';
  }
  @UseGuards(guard('observable', () => of(false, true)))
  observableGuard() {
    return 'observed';
  }
  @UseGuards(guard('one', () => 1), guard('undefined', () => undefined))
  truthiness() {
    return 'never';
  }
  @UseGuards(guard('throws', () => {
    throw new WsException('guarded');
  }))
  guardThrows() {
    return 'never';
  }
  @UseInterceptors(interceptor('map', (next) => next.handle().pipe(map((v) => ({ mapped: v })))))
  mapped(@MessageBody() data: unknown) {
    return data;
  }
  @UseInterceptors(interceptor('to array', (next) => next.handle().pipe(toArray())))
  collected() {
    return of('x', 'y');
  }
  @UseInterceptors(interceptor('catch', (next) => next.handle().pipe(catchError((e: Error) => of(`caught ${e.message}`)))))
  caught() {
    throw new Error('inner');
  }
  @UseInterceptors(interceptor('async', async (next) => {
    await tick();
    return next.handle().pipe(map((v) => `late ${v}`));
  }))
  asyncIntercept() {
    return 'value';
  }
  @UseInterceptors(interceptor('short', () => of('cached')))
  shortCircuit() {
    log('handler ran');
    return 'fresh';
  }
  @UseInterceptors(interceptor('retry', (next) => next.handle().pipe(catchError(() => next.handle()))))
  retried() {
    log('retried handler');
    if (calls.filter((c) => c === 'retried handler').length < 2) throw new Error('first');
    return 'second';
  }
  @UseInterceptors(interceptor('plain value', () => 42))
  notAnObservable() {
    return 'never';
  }
  @UseInterceptors(
    interceptor('outer', (next) => next.handle().pipe(tap(() => log('outer after')))),
    afterStep('save', () => {
      log('after step');
    }),
    interceptor('inner', (next) => next.handle().pipe(map((v) => `inner ${v}`))),
  )
  withStep() {
    log('handler');
    return 'done';
  }
  @UseInterceptors(afterStep('async save', () => tick().then(() => {
    log('async after step');
  })))
  withAsyncStep() {
    return 'saved';
  }
  @UseInterceptors(afterStep('failing save', () => Promise.reject(new Error('store down'))))
  withFailingStep() {
    return 'lost';
  }
  @UseInterceptors(afterStep('never', () => {
    log('no step after a failure');
  }))
  stepAfterError() {
    throw new Error('handler failed');
  }
  @UsePipes(pipe('double', (v) => (v as number) * 2))
  piped(@MessageBody(pipe('plus one', (v) => (v as number) + 1)) data: number, @ConnectedSocket() socket: unknown) {
    return { data, socket: typeof socket };
  }
  @UsePipes(pipe('async', (v) => Promise.resolve(`async ${v}`)))
  asyncPipe(@MessageBody() data: string) {
    return data;
  }
  parseInt(@MessageBody('n', ParseIntPipe) n: number) {
    return n + 1;
  }
  @UsePipes(new ValidationPipe())
  validated(@MessageBody() dto: Dto) {
    return dto.text;
  }
  custom(@Tagged('tag') tag: string, @Later(21) later: number, @Ack() ack: unknown) {
    return { tag, later, ack: typeof ack };
  }
  filteredByGlobal() {
    throw new RangeError('out of range');
  }
  filteredByClass() {
    throw new SyntaxError('bad syntax');
  }
  @UseFilters({ catch: () => log('method filter') } as ExceptionFilter)
  filteredByMethod() {
    throw new BadRequestException('bad');
  }
}

@Module({
  providers: [
    Handlers,
    { provide: APP_GUARD, useClass: GlobalGuard },
    { provide: APP_INTERCEPTOR, useClass: GlobalInterceptor },
    { provide: APP_PIPE, useClass: GlobalPipe },
    { provide: APP_FILTER, useClass: GlobalFilter },
  ],
})
class HandlersModule {}

type Outcome = { value: unknown } | { error: string } | { handledByFilter: true };

describe('the compiled handler pipeline', () => {
  let app: INestApplication;
  let creator: ExternalContextCreator;
  let factory: RainHandlerFactory;
  let instance: Handlers;
  const socket = { id: 'socket' };
  const ack = () => undefined;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [HandlersModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    creator = app.get(ExternalContextCreator);
    factory = new RainHandlerFactory(creator);
    instance = app.get(Handlers);
  });

  afterAll(() => app.close());

  /** Nest's generic pipeline, with the filters applied as RainHandlerFactory applies them. */
  async function generic(method: string, data: unknown, withAck: boolean): Promise<Outcome> {
    const callback = (instance as unknown as Record<string, Function>)[method]!;
    const target = creator.create(instance as never, callback as never, method, ROUTE_ARGS_METADATA, new WsParamsFactory() as never, undefined, undefined, { guards: true, interceptors: true, filters: false }, 'ws');
    const enhancers = captureHandlerEnhancers(creator, instance, method, new WsParamsFactory(), ROUTE_ARGS_METADATA, { guards: true })!;
    const args = withAck ? [socket, data, ack] : [socket, data];
    try {
      return { value: await target(...args) };
    } catch (error) {
      const filter = selectExceptionFilterMetadata(enhancers.filters, error);
      if (!filter) return { error: describe(error) };
      const host = new ExecutionContextHost(args, Handlers as never, callback as never);
      host.setType('ws');
      await filter.func(error, host);
      return { handledByFilter: true };
    }
  }

  async function compiled(method: string, data: unknown, withAck: boolean): Promise<Outcome & { sync: boolean }> {
    const bound = factory.create(instance, method);
    let sync = true;
    try {
      const result = bound(socket, data, withAck ? ack : undefined);
      sync = !isThenable(result);
      const value = await result;
      return value === HANDLED_BY_FILTER ? { handledByFilter: true, sync } : { value, sync };
    } catch (error) {
      return { error: describe(error), sync };
    }
  }

  function describe(error: unknown): string {
    return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
  }

  const cases: [method: string, data: unknown, withAck?: boolean][] = [
    ['plain', { a: 1 }, true],
    ['plain', 'no ack'],
    ['later', 1],
    ['many', undefined],
    ['empty', undefined],
    ['promisedObservable', undefined],
    ['explode', undefined],
    ['rejects', undefined],
    ['deniedSync', undefined],
    ['allowedAsync', undefined],
    ['deniedAsync', undefined],
    ['observableGuard', undefined],
    ['truthiness', undefined],
    ['guardThrows', undefined],
    ['mapped', { b: 2 }],
    ['collected', undefined],
    ['caught', undefined],
    ['asyncIntercept', undefined],
    ['shortCircuit', undefined],
    ['retried', undefined],
    ['notAnObservable', undefined],
    ['withStep', undefined],
    ['withAsyncStep', undefined],
    ['withFailingStep', undefined],
    ['stepAfterError', undefined],
    ['piped', 4],
    ['asyncPipe', 'x'],
    ['parseInt', { n: '41' }],
    ['parseInt', { n: 'forty-one' }],
    ['validated', { text: 'ok' }],
    ['validated', { text: '' }],
    ['custom', 'payload', true],
    ['filteredByGlobal', undefined],
    ['filteredByClass', undefined],
    ['filteredByMethod', undefined],
  ];

  it.each(cases)('%s(%j): same outcome and the same enhancers in the same order as Nest', async (method, data, withAck = false) => {
    expect(captureHandlerEnhancers(creator, instance, method, new WsParamsFactory(), ROUTE_ARGS_METADATA, { guards: true })).toBeDefined();
    calls.length = 0;
    const expected = await generic(method, data, withAck);
    const nestCalls = calls.splice(0);
    const { sync: _sync, ...actual } = await compiled(method, data, withAck);
    expect(actual).toEqual(expected);
    expect(calls).toEqual(nestCalls);
  });

  it('answers synchronously when no step has anything to wait for', async () => {
    for (const method of ['plain', 'many', 'mapped', 'withStep', 'piped', 'deniedSync', 'filteredByGlobal']) {
      const { sync } = await compiled(method, 1, true);
      expect({ method, sync }).toEqual({ method, sync: true });
    }
    for (const method of ['later', 'allowedAsync', 'asyncIntercept', 'withAsyncStep', 'asyncPipe', 'validated', 'custom', 'filteredByClass']) {
      const { sync } = await compiled(method, { text: 'ok' }, true);
      expect({ method, sync }).toEqual({ method, sync: false });
    }
  });

  it("reads the enhancers Nest picks at every level, in Nest's order", () => {
    const enhancers = captureHandlerEnhancers(creator, instance, 'withStep', new WsParamsFactory(), ROUTE_ARGS_METADATA, { guards: true })!;
    expect(enhancers.guards.map((g) => g.constructor.name)).toEqual(['GlobalGuard', 'ClassGuard']);
    expect(enhancers.interceptors).toHaveLength(5);
    expect(enhancers.interceptors.slice(0, 2).map((i) => i.constructor.name)).toEqual(['GlobalInterceptor', 'ClassInterceptor']);
    expect(enhancers.pipes.map((p) => p.constructor.name)).toEqual(['GlobalPipe']);
    expect(enhancers.filters.map((f) => f.func.name)).toEqual(['bound catch', 'bound catch']);
    const withoutGuards = captureHandlerEnhancers(creator, instance, 'plain', new WsParamsFactory(), ROUTE_ARGS_METADATA, { guards: false })!;
    expect(withoutGuards.guards).toEqual([]);
    expect(withoutGuards.params).toEqual([]);
  });
});
