import type { OptionCheck } from '../core/option-check.js';
import { isObject } from '../core/is-object.js';

const isGuard = (value: unknown) =>
  typeof value === 'function' || (isObject(value) && typeof value.canActivate === 'function');

/** The `dashboard` option's checks, run with the others at start-up. */
export const DASHBOARD_OPTION_CHECKS: OptionCheck[] = [
  ['dashboard', (v) => v === false || (isObject(v) && isGuard(v.guard)), 'false or { guard } (a guard class or instance: the dashboard is never public)'],
  ['dashboard.path', (v) => typeof v === 'string' && v.startsWith('/') && !/\s/.test(v), 'a path that starts with "/"'],
  ['dashboard.interval', (v) => Number.isInteger(v) && v >= 100, 'an integer number of milliseconds >= 100'],
];
