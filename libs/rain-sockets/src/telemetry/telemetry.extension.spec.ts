import { describe, expect, it } from 'vitest';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import { TelemetryExtension } from './telemetry.extension.js';

// The host times events only when an extension defines eventHandled, and wraps them only
// when one defines aroundEvent: these say when telemetry defines them.
const extension = (options: RainSocketsOptions) =>
  new TelemetryExtension(options, 'node', ...([undefined, undefined, undefined, undefined, undefined, undefined] as unknown as [never, never, never, never, never, never]));

describe('TelemetryExtension hooks', () => {
  it('defines no event hook when telemetry and the dashboard are off', () => {
    const off = extension({});
    expect(off.eventHandled).toBeUndefined();
    expect(off.aroundEvent).toBeUndefined();
    expect(extension({ telemetry: false }).eventHandled).toBeUndefined();
  });

  it('times events for metrics, wraps them only for traces', () => {
    const metricsOnly = extension({ telemetry: { traces: false } });
    expect(metricsOnly.eventHandled).toBeTypeOf('function');
    expect(metricsOnly.aroundEvent).toBeUndefined();
    const both = extension({ telemetry: true });
    expect(both.eventHandled).toBeTypeOf('function');
    expect(both.aroundEvent).toBeTypeOf('function');
  });

  it('times events for the dashboard alone', () => {
    const dashboard = extension({ dashboard: { guard: { canActivate: () => true } } });
    expect(dashboard.collecting).toBe(true);
    expect(dashboard.eventHandled).toBeTypeOf('function');
    expect(dashboard.aroundEvent).toBeUndefined();
  });
});
