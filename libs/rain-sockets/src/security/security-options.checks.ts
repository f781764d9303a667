import type { OptionCheck } from '../core/option-check.js';
import { normalizeOrigin } from './origin-policy.js';
import { isObject } from '../core/is-object.js';

const isPositiveInteger = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
const isBucket = (v: unknown) =>
  isObject(v) &&
  typeof v.burst === 'number' && Number.isFinite(v.burst) && v.burst >= 1 &&
  typeof v.perSecond === 'number' && Number.isFinite(v.perSecond) && v.perSecond > 0;
const BUCKET = 'a token bucket like { burst: 20, perSecond: 10 } (burst >= 1, perSecond > 0)';
const isTally = (v: unknown) => isObject(v) && typeof v.tryAdd === 'function' && typeof v.remove === 'function';

/** The security options' checks, run with the others at start-up. */
export const SECURITY_OPTION_CHECKS: OptionCheck[] = [
  ['allowedOrigins', (v) => v === '*' || typeof v === 'function' || (Array.isArray(v) && v.every((o) => typeof o === 'string' && normalizeOrigin(o) !== undefined)),
    "'*', a list of origins like \"https://app.example.com\" (scheme, host and port only), or a function"],
  ['maxHttpBufferSize', isPositiveInteger, 'a positive integer number of bytes'],
  ['maxPayloadDepth', (v) => Number.isSafeInteger(v) && v >= 0, 'an integer >= 0 (0: no limit)'],
  ['rateLimit', (v) => v === false || isObject(v), 'false or an object'],
  ['rateLimit.perConnection', (v) => v === false || isBucket(v), `false or ${BUCKET}`],
  ['rateLimit.perUser', (v) => v === false || isBucket(v), `false or ${BUCKET}`],
  ['rateLimit.events', (v) => isObject(v) && Object.values(v).every(isBucket), `an object of event name → ${BUCKET}`],
  ['rateLimit.userKey', (v) => typeof v === 'function', 'a function (socket) => string | undefined'],
  ['rateLimit.disconnectAfter', (v) => Number.isSafeInteger(v) && v >= 0, 'an integer >= 0 (0: never)'],
  ['connectionLimit', (v) => v === false || isObject(v), 'false or an object'],
  ['connectionLimit.perUser', (v) => v === false || isPositiveInteger(v), 'false or a positive integer'],
  ['connectionLimit.perAddress', (v) => v === false || isPositiveInteger(v), 'false or a positive integer'],
  ['connectionLimit.userKey', (v) => typeof v === 'function', 'a function (socket) => string | undefined'],
  ['connectionLimit.address', (v) => typeof v === 'function', 'a function (socket) => string | undefined'],
  ['connectionLimit.tally', isTally, 'an object with tryAdd() and remove() (a RainConnectionTally)'],
  ['slowConsumer', (v) => v === false || (isObject(v) && isPositiveInteger(v.maxBufferedBytes)), 'false or { maxBufferedBytes, grace? }'],
  ['slowConsumer.grace', (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0, 'a number of milliseconds >= 0'],
];
