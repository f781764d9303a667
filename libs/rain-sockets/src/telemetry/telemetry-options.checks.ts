import type { OptionCheck } from '../core/option-check.js';
import { isObject } from '../core/is-object.js';

const isPath = (v: unknown) => typeof v === 'string' && v.startsWith('/') && !/\s/.test(v);
const hasMethod = (method: string) => (v: unknown) => isObject(v) && typeof (v as Record<string, unknown>)[method] === 'function';

/** The `telemetry` option's checks, run with the others at start-up. */
export const TELEMETRY_OPTION_CHECKS: OptionCheck[] = [
  ['telemetry', (v) => typeof v === 'boolean' || isObject(v), 'a boolean or { metrics?, traces?, prometheus?, meterProvider?, tracerProvider? }'],
  ['telemetry.metrics', (v) => typeof v === 'boolean', 'a boolean'],
  ['telemetry.traces', (v) => typeof v === 'boolean', 'a boolean'],
  ['telemetry.prometheus', (v) => typeof v === 'boolean' || isObject(v), 'a boolean or { path }'],
  ['telemetry.prometheus.path', isPath, 'a path that starts with "/"'],
  ['telemetry.meterProvider', hasMethod('getMeter'), "an OpenTelemetry MeterProvider (with getMeter())"],
  ['telemetry.tracerProvider', hasMethod('getTracer'), "an OpenTelemetry TracerProvider (with getTracer())"],
];
