import type { PipeTransform } from '@nestjs/common';
import { type HandlerParam, ParamsTokenFactory } from '../core/nest-internals.js';
import { type MaybeAsync, isThenable } from './maybe-async.js';

/** Nest's `ParamsFactory`: the value of a built-in parameter type from the ws arguments. */
export interface WsParamsFactoryLike {
  exchangeKeyForValue(type: number, data: unknown, args: unknown[]): unknown;
}

interface ParamPlan {
  index: number;
  /** A built-in type the params factory answers; undefined for a custom decorator (its own extractor runs). */
  builtIn: number | undefined;
  data: unknown;
  extractValue: (...args: unknown[]) => unknown;
  /** The handler's pipes, then the parameter's own. */
  pipes: PipeTransform[];
  metatype: unknown;
  token: string;
  schema: unknown;
}

const tokens = new ParamsTokenFactory();

/**
 * A handler's arguments from the ws arguments, as Nest's ExternalContextCreator builds them
 * (extract each decorated parameter, await it when it is a promise, run the pipes in order),
 * but synchronously when every extractor and pipe is: no `Promise.all`, no promise per pipe.
 * The calls come in Nest's order: Nest starts every parameter at once and each goes on at its
 * next await, so with synchronous pipes it runs the first pipe of every parameter, then the
 * second of every parameter, and so on; a parameter whose value or pipe is a promise goes on
 * after that promise, as in Nest.
 */
export class HandlerParams {
  private readonly plans: ParamPlan[];
  private readonly rounds: number;

  constructor(
    params: HandlerParam[],
    handlerPipes: PipeTransform[],
    private readonly argsLength: number,
    private readonly factory: WsParamsFactoryLike,
  ) {
    this.plans = params.map((param) => ({
      index: param.index,
      builtIn: typeof param.type === 'number' ? param.type : undefined,
      data: param.data,
      extractValue: param.extractValue,
      pipes: handlerPipes.concat(param.pipes ?? []),
      metatype: param.metatype,
      token: tokens.exchangeEnumForString(param.type as never),
      schema: param.schema,
    }));
    this.rounds = Math.max(0, ...this.plans.map((plan) => plan.pipes.length));
  }

  /** The handler's arguments in order, or a promise of them when an extractor or a pipe is asynchronous. */
  resolve(args: unknown[]): MaybeAsync<unknown[]> {
    const { plans, rounds } = this;
    const values: unknown[] = new Array(this.argsLength);
    for (let i = 0; i < this.argsLength; i++) values[i] = undefined;
    // Per parameter (only when a pipe runs): its metadata object, or null once it went asynchronous.
    let metadata: (object | null | undefined)[] | undefined;
    let pending: Promise<unknown>[] | undefined;
    for (let round = 0; round <= rounds; round++) {
      for (let p = 0; p < plans.length; p++) {
        const plan = plans[p]!;
        if (metadata?.[p] === null) continue;
        let value: unknown;
        if (round === 0) {
          value = plan.builtIn === undefined ? plan.extractValue(...args) : this.factory.exchangeKeyForValue(plan.builtIn, plan.data, args);
          if (isThenable(value)) {
            ((metadata ??= [])[p] = null);
            (pending ??= []).push(Promise.resolve(value).then((v) => piped(v, plan, 0)).then((v) => (values[plan.index] = v)));
            continue;
          }
          values[plan.index] = value;
        }
        if (round >= plan.pipes.length) continue;
        const meta = ((metadata ??= [])[p] ??= metadataOf(plan));
        value = plan.pipes[round]!.transform(values[plan.index], meta as never);
        if (isThenable(value)) {
          metadata[p] = null;
          (pending ??= []).push(Promise.resolve(value).then((v) => piped(v, plan, round + 1, meta)).then((v) => (values[plan.index] = v)));
          continue;
        }
        values[plan.index] = value;
      }
    }
    return pending ? Promise.all(pending).then(() => values) : values;
  }
}

/** As PipesConsumer builds it: one object per parameter and event, shared by its pipes. */
function metadataOf(plan: ParamPlan): object {
  return { metatype: plan.metatype, type: plan.token, data: plan.data, schema: plan.schema };
}

/** Runs `plan.pipes` from `from` on, after a promise: one after the other, as PipesConsumer does. */
async function piped(value: unknown, plan: ParamPlan, from: number, metadata = metadataOf(plan)): Promise<unknown> {
  let current = value;
  for (let i = from; i < plan.pipes.length; i++) current = await plan.pipes[i]!.transform(current, metadata as never);
  return current;
}
