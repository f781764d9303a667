import type { RedisClientType } from 'redis';

export type RedisClient = RedisClientType;

export interface GuardHooks {
  /** A command failed and maybe nobody awaited it. */
  failed(error: unknown): void;
  /** The client made a copy (the adapters make their subscriber and stream readers so). */
  duplicated(copy: RedisClient): RedisClient;
}

/**
 * The Redis client as the socket.io adapters see it. They fire many commands without
 * awaiting them (PUBLISH, the recovery SET, SUBSCRIBE); when Redis drops such a command
 * its promise rejects with no handler, and Node ends the process. Each promise is marked
 * handled here (callers that await it still get the error), so losing Redis costs
 * deliveries, never the node.
 */
export function guardClient(client: RedisClient, hooks: GuardHooks): RedisClient {
  const wrappers = new Map<PropertyKey, Function>();
  return new Proxy(client, {
    get(target, property) {
      // The target as receiver: the client's getters read its private fields.
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      let wrapper = wrappers.get(property);
      if (!wrapper) {
        wrapper =
          property === 'duplicate'
            ? (...args: unknown[]) => hooks.duplicated(value.apply(target, args))
            : (...args: unknown[]) => {
                const result = value.apply(target, args);
                if (result instanceof Promise) result.catch(hooks.failed);
                return result;
              };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
}
