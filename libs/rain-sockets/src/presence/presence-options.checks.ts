import type { OptionCheck } from '../core/option-check.js';

const MAX_TIMER_DELAY = 2_147_483_647;
const delay = (v: unknown) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_TIMER_DELAY;

/** The `presence` option's checks, run with the others at start-up. */
export const PRESENCE_OPTION_CHECKS: OptionCheck[] = [
  ['presence', (v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'an object'],
  ['presence.heartbeatInterval', delay, 'a positive integer number of milliseconds'],
  ['presence.nodeTimeout', delay, 'a positive integer number of milliseconds'],
];
