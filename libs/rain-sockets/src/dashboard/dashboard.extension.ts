import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CanActivate, Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Namespace, Server } from 'socket.io';
import { withDeadline } from '../cluster/deadline.js';
import { describeError } from '../core/describe-error.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { DEFAULT_SOCKET_PATH } from '../core/rain-sockets.constants.js';
import { RainPresenceService } from '../presence/rain-presence.service.js';
import { isOwnOrigin } from '../security/origin-policy.js';
import { TelemetryExtension } from '../telemetry/telemetry.extension.js';
import { askGuard } from './dashboard-guard.js';
import type { RainDashboardOptions } from './dashboard-options.interface.js';
import { dashboardPage } from './dashboard-page.js';
import { DashboardReporter, type DashboardSnapshot } from './dashboard-snapshot.js';
import {
  DASHBOARD_CENSUS_EVENT,
  DASHBOARD_CENSUS_TIMEOUT,
  DASHBOARD_NAMESPACE,
  DASHBOARD_UPDATE_EVENT,
  DEFAULT_DASHBOARD_INTERVAL,
  DEFAULT_DASHBOARD_PATH,
} from './dashboard.constants.js';
import { dashboardOriginMessage, dashboardSnapshotFailedMessage } from './dashboard.messages.js';

/**
 * The operators' live page: served at `dashboard.path` behind the app's guard, fed over a
 * namespace of its own (not a component socket: it never counts in the app's metrics)
 * whose handshake passes the same guard and a same-origin check. Updates go out every
 * `interval` while a page is open, and nothing runs while none is.
 */
@Injectable()
export class DashboardExtension implements RainSocketExtension {
  private readonly logger = new Logger('RainSockets dashboard');
  private readonly options?: RainDashboardOptions;
  private readonly reporter = new DashboardReporter();
  private guard?: CanActivate;
  private namespace?: Namespace;
  private io?: Server;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(RAIN_SOCKETS_OPTIONS) private readonly rainOptions: RainSocketsOptions,
    private readonly moduleRef: ModuleRef,
    private readonly telemetry: TelemetryExtension,
    private readonly presence: RainPresenceService,
  ) {
    this.options = rainOptions?.dashboard || undefined;
  }

  get path(): string | undefined {
    return this.options ? (this.options.path ?? DEFAULT_DASHBOARD_PATH) : undefined;
  }

  async serverCreated(io: Server): Promise<void> {
    if (!this.options) return;
    this.io = io;
    this.guard = await this.resolveGuard(this.options.guard);
    const namespace = io.of(DASHBOARD_NAMESPACE);
    this.namespace = namespace;
    namespace.use((socket, next) => {
      const req = socket.request;
      const origin = req.headers.origin;
      // The page is this app's own: no other origin has any business opening its socket.
      if (origin !== undefined && !isOwnOrigin(origin, req.headers.host)) {
        return next(Object.assign(new Error(dashboardOriginMessage(origin)), { data: { code: 'origin_not_allowed' } }));
      }
      this.allows(req, undefined).then(
        (verdict) => (verdict.allowed ? next() : next(Object.assign(new Error(verdict.message), { data: { code: 'forbidden' } }))),
        (error: unknown) => next(error as Error),
      );
    });
    namespace.on('connection', (socket) => {
      void this.update([socket.id]);
      this.timer ??= setInterval(() => void this.update(), this.options!.interval ?? DEFAULT_DASHBOARD_INTERVAL);
      socket.on('disconnect', () => {
        if (namespace.sockets.size > 0) return;
        clearInterval(this.timer);
        this.timer = undefined;
      });
    });
    // Every node answers for itself, so that each page shows the connections of all.
    io.on(DASHBOARD_CENSUS_EVENT, (answer: unknown) => {
      if (typeof answer === 'function') answer({ id: this.telemetry.nodeId, connections: this.localConnections() });
    });
  }

  serverClosing(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.namespace?.disconnectSockets(true);
    this.namespace = undefined;
  }

  /** The page, for the route the module mounts at `dashboard.path`. */
  async servePage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const verdict = await this.allows(req, res);
    if (!verdict.allowed) {
      res.statusCode = verdict.status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ statusCode: verdict.status, message: verdict.message }));
      return;
    }
    res.statusCode = 200;
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    // The page's own script only, and the socket.io client socket.io serves.
    res.setHeader('content-security-policy', "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self' ws: wss:");
    res.end(dashboardPage({ socketPath: this.rainOptions.path ?? DEFAULT_SOCKET_PATH, namespace: DASHBOARD_NAMESPACE, event: DASHBOARD_UPDATE_EVENT }));
  }

  /** What the page shows now. */
  async snapshot(): Promise<DashboardSnapshot> {
    const now = Date.now();
    // Rates on the monotonic clock: a wall clock set back or forth would make them lie.
    const elapsed = performance.now();
    const counts = this.presence.trackedCounts();
    const namespaces = [...this.telemetry.namespaces()].map(({ stats, server }) => {
      let rooms = 0;
      let roomMembers = 0;
      for (const [room, members] of server.namespace.adapter.rooms) {
        if (server.namespace.sockets.has(room)) continue;
        rooms++;
        roomMembers += members.size;
      }
      return this.reporter.namespace({ stats, connections: server.namespace.sockets.size, rooms, roomMembers, presences: counts.get(stats.name) ?? 0 }, elapsed);
    });
    const redis = this.telemetry.redis;
    return {
      node: this.telemetry.nodeId,
      at: new Date(now).toISOString(),
      nodes: [{ id: this.telemetry.nodeId, connections: this.localConnections() }, ...(await this.otherNodes())],
      redis: redis ? { ...redis, clustered: true } : null,
      originRefusals: this.telemetry.originRefused,
      namespaces,
    };
  }

  private async update(only?: string[]): Promise<void> {
    const namespace = this.namespace;
    if (!namespace) return;
    try {
      const snapshot = await this.snapshot();
      (only ? namespace.to(only) : namespace).emit(DASHBOARD_UPDATE_EVENT, snapshot);
    } catch (error) {
      this.logger.error(dashboardSnapshotFailedMessage(describeError(error)));
    }
  }

  private async otherNodes(): Promise<{ id: string; connections: number }[]> {
    const io = this.io;
    // One process: no adapter to ask through.
    if (!io || !this.telemetry.redis) return [];
    try {
      const asking = io.serverSideEmitWithAck(DASHBOARD_CENSUS_EVENT) as Promise<unknown[]>;
      const answers = await withDeadline(asking, DASHBOARD_CENSUS_TIMEOUT, () => new Error('late'));
      return answers.filter(isNodeCount).sort((a, b) => a.id.localeCompare(b.id));
    } catch {
      // Nodes that did not answer in time are left out; the page says how many answered.
      return [];
    }
  }

  private localConnections(): number {
    let count = 0;
    for (const { server } of this.telemetry.namespaces()) count += server.namespace.sockets.size;
    return count;
  }

  private async allows(req: IncomingMessage, res: ServerResponse | undefined) {
    const verdict = await askGuard(this.guard!, req, res, DashboardExtension, DashboardExtension.prototype.servePage);
    if (!verdict.allowed && verdict.failure) this.logger.error(verdict.failure);
    return verdict;
  }

  private async resolveGuard(guard: RainDashboardOptions['guard']): Promise<CanActivate> {
    if (typeof guard !== 'function') return guard;
    try {
      return this.moduleRef.get(guard, { strict: false });
    } catch {
      return this.moduleRef.create(guard);
    }
  }
}

function isNodeCount(value: unknown): value is { id: string; connections: number } {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string' &&
    typeof (value as { connections?: unknown }).connections === 'number';
}
