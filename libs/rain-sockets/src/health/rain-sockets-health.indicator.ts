import { Injectable } from '@nestjs/common';
import { RainSocketsRegistry } from '../core/rain-sockets.registry.js';
import { RainSocketsServer } from '../core/rain-sockets.server.js';
import { ClusterProbe } from './cluster-probe.js';
import { drainingMessage, notStartedMessage } from './health.messages.js';

/**
 * A health indicator's answer, in @nestjs/terminus's shape (`HealthIndicatorResult`):
 * terminus fails the check when a status is `down`. Typed here so that rain-sockets needs
 * no terminus at run time.
 */
export type RainHealthResult<Key extends string = string> = Record<Key, { status: 'up' | 'down'; [detail: string]: unknown }>;

/** What the indicator found, besides the status. */
interface HealthDetails {
  accepting: boolean;
  draining: boolean;
  connections: number;
  redis?: 'up' | 'down';
  adapter?: 'up' | 'down';
  redisLatencyMs?: number;
  adapterLagMs?: number;
  message?: string;
}

/**
 * rain-sockets for @nestjs/terminus's HealthCheckService:
 *
 * - `isHealthy(key)`: the socket server runs and, with a cluster, Redis answers on both
 *   connections (sessions and adapter). Draining does not fail it (a liveness check must
 *   not kill a node that is shutting down on purpose).
 * - `isReady(key)`: the same, and the node accepts connections: it turns `down` as soon as
 *   the app begins to shut down (SIGTERM with `enableShutdownHooks()`, or `app.close()`),
 *   while it drains its sockets, so a load balancer sends nobody new.
 *
 * @example
 * ```ts
 * @Get('ready') @HealthCheck()
 * ready() { return this.health.check([() => this.sockets.isReady('sockets')]); }
 * ```
 */
@Injectable()
export class RainSocketsHealthIndicator {
  /** @internal Created by RainSocketsModule; inject it. */
  constructor(
    private readonly registry: RainSocketsRegistry,
    private readonly server: RainSocketsServer,
    private readonly probe: ClusterProbe,
  ) {}

  /** Whether the app has begun to shut down (and the node drains its sockets). */
  get isDraining(): boolean {
    return this.server.draining;
  }

  async isHealthy<const Key extends string = 'rain-sockets'>(key: Key = 'rain-sockets' as Key): Promise<RainHealthResult<Key>> {
    const details = await this.details();
    const up = this.started() && details.redis !== 'down' && details.adapter !== 'down';
    return this.result(key, up, details);
  }

  async isReady<const Key extends string = 'rain-sockets'>(key: Key = 'rain-sockets' as Key): Promise<RainHealthResult<Key>> {
    const details = await this.details();
    const up = details.accepting && details.redis !== 'down' && details.adapter !== 'down';
    return this.result(key, up, details);
  }

  private async details(): Promise<HealthDetails> {
    const started = this.started();
    const draining = this.server.draining;
    const details: HealthDetails = {
      accepting: started && !draining,
      draining,
      connections: started ? this.registry.all().reduce((sum, server) => sum + server.namespace.sockets.size, 0) : 0,
    };
    if (!started) details.message = notStartedMessage();
    else if (draining) details.message = drainingMessage();
    if (this.probe.clustered) {
      const probe = await this.probe.probe();
      details.redis = probe.redis ? 'up' : 'down';
      details.adapter = probe.adapter ? 'up' : 'down';
      if (probe.latencyMs !== undefined) details.redisLatencyMs = Math.round(probe.latencyMs * 100) / 100;
      if (probe.lagMs !== undefined) details.adapterLagMs = probe.lagMs;
      if (probe.error) details.message = details.message ? `${details.message} ${probe.error}` : probe.error;
    }
    return details;
  }

  private started(): boolean {
    try {
      return this.registry.io !== undefined;
    } catch {
      return false;
    }
  }

  private result<Key extends string>(key: Key, up: boolean, details: HealthDetails): RainHealthResult<Key> {
    return { [key]: { status: up ? 'up' : 'down', ...details } } as unknown as RainHealthResult<Key>;
  }
}
