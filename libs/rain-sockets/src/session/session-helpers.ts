import expressSession from 'express-session';

/**
 * RAIN's `session.set(key, value)` / `session.get(key)`, on express-session's Session
 * prototype so that HTTP handlers and sockets share them. Prototype methods are not
 * part of the session's JSON, so stores never see them.
 */
export function installSessionAccessors(): void {
  const prototype = (expressSession as unknown as { Session: { prototype: Record<string, unknown> } }).Session.prototype;
  if (typeof prototype.set === 'function') return;
  Object.defineProperties(prototype, {
    set: {
      value: function set(this: Record<string, unknown>, key: string, value: unknown) {
        this[key] = value;
      },
      configurable: true,
    },
    get: {
      value: function get(this: Record<string, unknown>, key: string) {
        return this[key];
      },
      configurable: true,
    },
  });
}
