import type { BeforeApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Socket } from 'socket.io';
import { RainClientError } from '../handlers/ws-error.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { RAIN_CONNECTION_COUNTER, type RainConnectionCounter } from './connection-counter.interface.js';
import { IDLE_SWEEP_INTERVAL } from './idle.constants.js';
import { evictedHookFailedMessage, serverFullMessage, sweepFailedMessage } from './idle.messages.js';
import type { RainEvictionInfo } from './idle-options.interface.js';
import { resolveIdleSettings } from './idle-settings.js';
import { type IdleStats, IdleTracker } from './idle-tracker.js';
import { describeError } from '../core/describe-error.js';

/**
 * Idle eviction as a socket extension: refuses connections when full, tracks activity,
 * and sweeps on an interval registered in @nestjs/schedule's SchedulerRegistry: the
 * app's when it imports ScheduleModule.forRoot() (so the sweep shows in its registry),
 * otherwise one of our own. Importing ScheduleModule ourselves would, next to an app's
 * differently configured forRoot(), run every @Interval/@Cron of the app twice.
 */
@Injectable()
export class IdleEvictionExtension implements RainSocketExtension, BeforeApplicationShutdown {
  private readonly logger = new Logger('RainSockets idle');
  readonly stats: IdleStats = { evictions: 0, refused: 0 };
  readonly listeners = new Set<(info: RainEvictionInfo) => void>();
  private tracker?: IdleTracker;
  private scheduledIn?: SchedulerRegistry;

  constructor(
    @Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions,
    @Inject(RAIN_CONNECTION_COUNTER) private readonly counter: RainConnectionCounter,
    @Optional() private readonly appScheduler?: SchedulerRegistry,
  ) {}

  get enabled(): boolean {
    return this.tracker !== undefined;
  }

  get connections(): number {
    return this.tracker?.size ?? 0;
  }

  sweep(): Promise<number> {
    return this.tracker?.sweep() ?? Promise.resolve(0);
  }

  // Options are read here, not in the constructor: RainSocketsServer has validated them by now.
  serverCreated(): void {
    const settings = resolveIdleSettings(this.options.idle);
    if (!settings) return;
    this.tracker = new IdleTracker(settings, this.counter, this.stats, {
      evicted: (info) => this.notify(info),
      failed: (message) => this.logger.error(message),
    });
    const scheduler = this.appScheduler ?? new SchedulerRegistry();
    const sweep = () => void this.sweep().catch((error: unknown) => this.logger.error(sweepFailedMessage(String(error))));
    scheduler.addInterval(IDLE_SWEEP_INTERVAL, setInterval(sweep, settings.checkInterval));
    this.scheduledIn = scheduler;
  }

  async admit(): Promise<void> {
    if (this.tracker && !(await this.tracker.admits())) throw new RainClientError('server_full', serverFullMessage());
  }

  connected(socket: Socket): void {
    this.tracker?.track(socket).catch((error: unknown) => this.logger.error(sweepFailedMessage(String(error))));
  }

  incoming(socket: Socket): void {
    this.tracker?.touch(socket);
  }

  disconnected(socket: Socket): void {
    this.tracker?.untrack(socket);
  }

  serverClosing(): void {
    this.unschedule();
  }

  // In case the server never got to close (a failed start-up).
  beforeApplicationShutdown(): void {
    this.unschedule();
  }

  private unschedule(): void {
    const scheduler = this.scheduledIn;
    this.scheduledIn = undefined;
    // ScheduleModule clears every interval of its registry at shutdown too, maybe before us.
    if (scheduler?.doesExist('interval', IDLE_SWEEP_INTERVAL)) scheduler.deleteInterval(IDLE_SWEEP_INTERVAL);
  }

  private notify(info: RainEvictionInfo): void {
    const hooks = this.options.idle?.onEvicted ? [this.options.idle.onEvicted, ...this.listeners] : this.listeners;
    for (const hook of hooks) {
      try {
        hook(info);
      } catch (error) {
        this.logger.error(evictedHookFailedMessage(describeError(error)));
      }
    }
  }
}
