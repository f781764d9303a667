import { Injectable, type INestApplication, Module } from '@nestjs/common';
import { Interval, ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RainIdleService } from 'rain-sockets';
import { closeComponentClients, nextEvent } from 'rain-sockets/testing';
import { connectChat, later, startIdleApp } from './fixtures/idle-app.js';

@Injectable()
class AppJobs {
  @Interval('app-job', 25)
  tick() {}
}

@Module({ providers: [AppJobs] })
class JobsModule {}

describe('idle eviction: the scheduled sweep', () => {
  let app: INestApplication | undefined;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });

  afterEach(async () => {
    closeComponentClients();
    await app?.close();
    app = undefined;
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('sweeps every checkInterval without the app importing ScheduleModule, and stops at shutdown', async () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    const clearInterval = vi.spyOn(globalThis, 'clearInterval');
    app = await startIdleApp({ maxConnections: 1, idleTimeout: 1_000, checkInterval: 37 });
    const sweepTimer = setInterval.mock.results[setInterval.mock.calls.findIndex(([, ms]) => ms === 37)]?.value;
    expect(sweepTimer).toBeDefined();

    const a = await connectChat(app);
    later(1_500);
    await expect(nextEvent(a, 'rain:evicted')).resolves.toEqual({ reason: 'idle' });
    expect(app.get(RainIdleService).evictions).toBe(1);

    expect(clearInterval).not.toHaveBeenCalledWith(sweepTimer);
    await app.close();
    app = undefined;
    expect(clearInterval).toHaveBeenCalledWith(sweepTimer);
  });

  it("registers the sweep in the app's SchedulerRegistry when the app imports ScheduleModule.forRoot(), next to the app's own jobs", async () => {
    app = await startIdleApp({ maxConnections: 1, idleTimeout: 1_000, checkInterval: 30 }, [
      ScheduleModule.forRoot(),
    ]);
    const registry = app.get(SchedulerRegistry);
    expect(registry.getIntervals()).toContain('rain-sockets:idle-sweep');

    const a = await connectChat(app);
    later(1_500);
    await expect(nextEvent(a, 'rain:evicted')).resolves.toEqual({ reason: 'idle' });

    await app.close();
    expect(registry.doesExist('interval', 'rain-sockets:idle-sweep')).toBe(false);
    app = undefined;
  });

  it("starts the app's @Interval jobs once each: ScheduleModule is not imported a second time", async () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    app = await startIdleApp({ maxConnections: 10, checkInterval: 1_000 }, [ScheduleModule.forRoot({ cronJobs: false }), JobsModule]);
    expect(app.get(SchedulerRegistry).getIntervals().sort()).toEqual(['app-job', 'rain-sockets:idle-sweep']);
    // A second ScheduleModule (its own explorer and orchestrator) would mount app-job again.
    expect(setInterval.mock.calls.filter(([, ms]) => ms === 25)).toHaveLength(1);
  });
});
