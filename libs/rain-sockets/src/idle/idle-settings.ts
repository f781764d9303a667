import { DEFAULT_CHECK_INTERVAL, DEFAULT_IDLE_TIMEOUT } from './idle.constants.js';
import type { RainIdleOptions } from './idle-options.interface.js';

/** The `idle` option with every default applied. */
export interface IdleSettings {
  maxConnections: number;
  idleTimeout: number;
  checkInterval: number;
  countServerEmits: boolean;
  refuseWhenFull: boolean;
}

/** Undefined when eviction is off (no `maxConnections`). */
export function resolveIdleSettings(options: RainIdleOptions | undefined): IdleSettings | undefined {
  if (options?.maxConnections === undefined) return undefined;
  return {
    maxConnections: options.maxConnections,
    idleTimeout: options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT,
    checkInterval: options.checkInterval ?? DEFAULT_CHECK_INTERVAL,
    countServerEmits: options.countServerEmits ?? false,
    refuseWhenFull: options.refuseWhenFull ?? true,
  };
}
