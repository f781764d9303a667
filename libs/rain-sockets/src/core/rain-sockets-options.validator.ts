import { InvalidRainSocketsOptionError } from '../errors/invalid-rain-sockets-option.error.js';
import type { RainSocketsOptions } from './rain-sockets-options.interface.js';
import { invalidOptionMessage } from './rain-sockets.messages.js';
import { isObject } from './is-object.js';
import type { OptionCheck as Check } from './option-check.js';
import { IDLE_OPTION_CHECKS } from '../idle/idle-options.checks.js';
import { PRESENCE_OPTION_CHECKS } from '../presence/presence-options.checks.js';
import { SECURITY_OPTION_CHECKS } from '../security/security-options.checks.js';
import { TELEMETRY_OPTION_CHECKS } from '../telemetry/telemetry-options.checks.js';
import { DASHBOARD_OPTION_CHECKS } from '../dashboard/dashboard-options.checks.js';


const isPath = (value: unknown) => typeof value === 'string' && value.startsWith('/') && !/\s/.test(value);
const isSecret = (value: unknown) =>
  (typeof value === 'string' && value.length > 0) || (Array.isArray(value) && value.length > 0 && value.every((s) => typeof s === 'string' && s.length > 0));
const isGuard = (value: unknown) =>
  typeof value === 'function' || (typeof value === 'object' && value !== null && typeof (value as { canActivate?: unknown }).canActivate === 'function');

const CHECKS: Check[] = [
  ['path', isPath, 'a path that starts with "/"'],
  ['namespacePrefix', (v) => typeof v === 'string' && /^\/?[A-Za-z0-9._/-]*$/.test(v), 'a path prefix like "/rain"'],
  ['connectionGuards', (v) => Array.isArray(v) && v.every(isGuard), 'an array of guard classes or instances'],
  ['socketIo', isObject, "an object of socket.io's server options"],
  ['session', (v) => v === false || (typeof v === 'object' && v !== null && (typeof v.middleware === 'function' || isSecret(v.secret))),
    'false, express-session options with a secret, or { middleware } (an express-session middleware)'],
  ['handlerTimeout', (v) => Number.isInteger(v) && v >= 0, 'an integer number of milliseconds >= 0'],
  ['shutdownTimeout', (v) => Number.isInteger(v) && v >= 0, 'an integer number of milliseconds >= 0'],
  ['session.requireSession', (v) => typeof v === 'boolean', 'a boolean'],
  ['session.keepAlivePath', (v) => v === false || isPath(v), 'false or a path that starts with "/"'],
  ['session.freshness', (v) => v === 'local' || v === 'always', '"local" or "always"'],
  ['session.expiryCheckInterval', (v) => Number.isFinite(v) && v >= 100, 'a number of milliseconds >= 100'],
  ...IDLE_OPTION_CHECKS,
  ...PRESENCE_OPTION_CHECKS,
  ...SECURITY_OPTION_CHECKS,
  ...TELEMETRY_OPTION_CHECKS,
  ...DASHBOARD_OPTION_CHECKS,
  ['clientBundle', (v) => typeof v === 'boolean' || (typeof v === 'object' && v !== null && !Array.isArray(v)), 'a boolean or { file }'],
  ['clientBundle.file', (v) => typeof v === 'string' && v !== '', 'the path of a JavaScript file'],
];

/** Checks the options at start-up so that a bad one stops the app with an error naming it. */
export function validateOptions(options: RainSocketsOptions, extraChecks: Check[] = []): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidRainSocketsOptionError('options', invalidOptionMessage('options', 'an object', options));
  }
  for (const [option, valid, expected] of [...CHECKS, ...extraChecks]) {
    const value = readPath(options, option);
    if (value !== undefined && !valid(value)) {
      throw new InvalidRainSocketsOptionError(option, invalidOptionMessage(option, expected, value));
    }
  }
}

function readPath(source: unknown, path: string): unknown {
  let value: unknown = source;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

