import expressSession from 'express-session';
import { checkSessionKey, RESERVED_SESSION_KEYS } from './session-fields.js';

/**
 * RAIN's `session.set(key, value)` / `session.get(key)`, on express-session's Session
 * prototype so that HTTP handlers and sockets share them. Prototype methods are not
 * part of the session's JSON, so stores never see them. `set` refuses `__proto__`,
 * `constructor` and `prototype`: the first would replace the session's prototype and
 * break every later call on it.
 */
export function installSessionAccessors(): void {
  const prototype = (expressSession as unknown as { Session: { prototype: Record<string, unknown> } }).Session.prototype;
  if (typeof prototype.set === 'function') return;
  Object.defineProperties(prototype, {
    set: {
      value: function set(this: Record<string, unknown>, key: string, value: unknown) {
        checkSessionKey(key);
        this[key] = value;
      },
      configurable: true,
    },
    get: {
      value: function get(this: Record<string, unknown>, key: string) {
        if (typeof key !== 'string' || RESERVED_SESSION_KEYS.has(key)) return undefined;
        return Object.hasOwn(this, key) ? this[key] : undefined;
      },
      configurable: true,
    },
  });
}
