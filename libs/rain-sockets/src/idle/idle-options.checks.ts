import type { OptionCheck } from '../core/option-check.js';
import { MAX_TIMER_DELAY } from './idle.constants.js';

const positive = (max: number) => (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= max;
const isCounter = (v: unknown) =>
  typeof v === 'object' && v !== null && ['add', 'remove', 'count'].every((m) => typeof (v as Record<string, unknown>)[m] === 'function');

/** The `idle` option's checks, run with the others at start-up. */
export const IDLE_OPTION_CHECKS: OptionCheck[] = [
  ['idle', (v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object'],
  ['idle.maxConnections', (v) => Number.isSafeInteger(v) && v > 0, 'a positive integer'],
  ['idle.idleTimeout', positive(Number.MAX_SAFE_INTEGER), 'a positive number of milliseconds'],
  ['idle.checkInterval', positive(MAX_TIMER_DELAY), `a positive number of milliseconds up to ${MAX_TIMER_DELAY}`],
  ['idle.countServerEmits', (v) => typeof v === 'boolean', 'a boolean'],
  ['idle.refuseWhenFull', (v) => typeof v === 'boolean', 'a boolean'],
  ['idle.onEvicted', (v) => typeof v === 'function', 'a function'],
  ['idle.counter', isCounter, 'an object with add(), remove() and count() (a RainConnectionCounter)'],
];
