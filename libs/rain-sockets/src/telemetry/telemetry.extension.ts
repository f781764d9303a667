import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Server, Socket } from 'socket.io';
import type { ComponentSocketDefinition } from '../core/component-socket-definition.js';
import { describeError } from '../core/describe-error.js';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { RainSocketsRegistry } from '../core/rain-sockets.registry.js';
import { CLUSTER_NODE_ID } from '../cluster/cluster.tokens.js';
import { ClusterProbe, type ClusterProbeResult } from '../health/cluster-probe.js';
import { IdleEvictionExtension } from '../idle/idle-eviction.extension.js';
import type { RainEvictionInfo } from '../idle/idle-options.interface.js';
import { RainPresenceService } from '../presence/rain-presence.service.js';
import { OriginCheckExtension } from '../security/origin-check.extension.js';
import { RainSessionService } from '../session/rain-session.service.js';
import { uploadStats } from '../uploads/upload-stats.js';
import { EventTracer } from './event-tracer.js';
import { HistogramProducer, type HistogramSource, hrTime, processHistograms } from './histogram-producer.js';
import { type MetricSources, registerMetrics } from './otel-metrics.js';
import { type OtelApi, loadOtelApi } from './otel-peers.js';
import { PrometheusEndpoint } from './prometheus-endpoint.js';
import { connectionRefusalCause, eventRefusalCause } from './refusal-cause.js';
import { type NamespaceStats, SocketStats } from './socket-stats.js';
import { INSTRUMENTATION_SCOPE, OTHER_EVENT, REDIS_PROBE_INTERVAL } from './telemetry.constants.js';
import { type TelemetrySettings, resolveTelemetrySettings } from './telemetry-settings.js';
import { histogramsNotExportedMessage, probeFailedMessage, prometheusNotReadyMessage } from './telemetry.messages.js';

const CONNECTION = Symbol('rain-sockets:telemetry-connection');

/** What telemetry keeps on a component socket from its connection on. */
interface Watched {
  stats: NamespaceStats;
  /** The events its component declares: others count as OTHER_EVENT. */
  events: Map<string, string>;
  since: number;
}

type Observed = Socket & { [CONNECTION]?: Watched };

/**
 * Operators' view of the sockets, as a socket extension: counts connections, refusals and
 * events per namespace (for the metrics and the dashboard), records event and connection
 * durations, and traces events. Its event hooks exist only when something needs them, so
 * with telemetry and the dashboard off the server times and wraps nothing.
 */
@Injectable()
export class TelemetryExtension implements RainSocketExtension, OnApplicationShutdown {
  private readonly logger = new Logger('RainSockets telemetry');
  readonly stats = new SocketStats();
  readonly settings?: TelemetrySettings;
  /** In-process counting is on: for the metrics, or for the dashboard. */
  readonly collecting: boolean;
  /** The dashboard's namespace latency quantiles are kept (the dashboard is on). */
  private readonly dashboard: boolean;
  eventHandled?: (socket: Socket, event: string, code: string | undefined, ms: number, acked: boolean) => void;
  aroundEvent?: <T>(socket: Socket, event: string, run: () => T, args: readonly unknown[]) => T;
  private io?: Server;
  /** Histograms are kept (metrics on and an SDK may read them). */
  private histograms = false;
  private stopHistograms?: () => void;
  private collections = 0;
  private tracer?: EventTracer;
  private prometheus?: PrometheusEndpoint;
  private probeTimer?: NodeJS.Timeout;
  private lastProbe?: ClusterProbeResult;
  private stopEvictions?: () => void;

  constructor(
    @Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions,
    @Inject(CLUSTER_NODE_ID) readonly nodeId: string,
    private readonly registry: RainSocketsRegistry,
    private readonly idle: IdleEvictionExtension,
    private readonly sessions: RainSessionService,
    private readonly origin: OriginCheckExtension,
    private readonly presence: RainPresenceService,
    private readonly probe: ClusterProbe,
  ) {
    this.settings = resolveTelemetrySettings(options);
    this.dashboard = options?.dashboard !== undefined && options.dashboard !== false;
    this.collecting = this.settings?.metrics === true || this.dashboard;
    if (this.collecting || this.settings?.traces) {
      this.eventHandled = (socket, event, code, ms, acked) => this.recordEvent(socket as Observed, event, code, ms, acked);
    }
    if (this.settings?.traces) {
      this.aroundEvent = (socket, event, run, args) => (this.tracer ? this.tracer.around(socket, event, run, args) : run());
    }
  }

  /** Handshakes the origin check refused since start. */
  get originRefused(): number {
    return this.origin.stats.refused;
  }

  /** The last look at Redis (undefined on one node, or before the first). */
  get redis(): ClusterProbeResult | undefined {
    return this.lastProbe;
  }

  async serverCreated(io: Server): Promise<void> {
    const settings = this.settings;
    if (!this.collecting && !settings?.traces) return;
    this.io = io;
    if (this.collecting) this.watchEvictions();
    if (this.collecting && this.probe.clustered) this.startProbing();
    if (!settings) return;
    const api = await loadOtelApi();
    if (settings.traces) {
      const provider = settings.tracerProvider ?? api.trace.getTracerProvider();
      this.tracer = new EventTracer(api, (provider as ReturnType<OtelApi['trace']['getTracerProvider']>).getTracer(INSTRUMENTATION_SCOPE));
    }
    if (settings.metrics) {
      const source: HistogramSource = { startTime: hrTime(Date.now()), namespaces: () => [...this.namespaces()].map(({ stats }) => stats), reads: 0 };
      let producer = processHistograms;
      if (settings.prometheusPath) {
        producer = new HistogramProducer();
        this.prometheus = await PrometheusEndpoint.create(producer);
      }
      this.stopHistograms = producer.add(source);
      this.histograms = true;
      const provider = settings.meterProvider ?? api.metrics.getMeterProvider();
      const meter = this.prometheus?.meter ?? (provider as ReturnType<OtelApi['metrics']['getMeterProvider']>).getMeter(INSTRUMENTATION_SCOPE);
      registerMetrics(meter, this.sources(source));
    }
  }

  connected(socket: Socket, definition: ComponentSocketDefinition): void {
    if (!this.collecting) return;
    const stats = this.namespaceStats(definition);
    stats.connects++;
    (socket as Observed)[CONNECTION] = { stats, events: definition.events, since: performance.now() };
  }

  disconnected(socket: Socket, reason: string): void {
    const watched = (socket as Observed)[CONNECTION];
    if (!watched) return;
    const tally = watched.stats.disconnected(reason);
    if (this.histograms) tally.duration.record((performance.now() - watched.since) / 1000);
  }

  connectionRefused(_socket: Socket, code: string, definition: ComponentSocketDefinition): void {
    if (this.collecting) this.namespaceStats(definition).refused(connectionRefusalCause(code), code);
  }

  serverClosing(): void {
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
    this.stopEvictions?.();
    this.stopEvictions = undefined;
    this.stopHistograms?.();
    this.stopHistograms = undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    this.serverClosing();
    await this.prometheus?.shutdown();
    this.prometheus = undefined;
  }

  /** The Prometheus text, for the route the module mounts at `telemetry.prometheus`. */
  servePrometheus(req: IncomingMessage, res: ServerResponse): void {
    if (!this.prometheus) {
      res.statusCode = 503;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end(prometheusNotReadyMessage());
      return;
    }
    this.prometheus.serve(req, res);
  }

  /** Each served component namespace with its stats (created for those nobody used yet). */
  *namespaces(): Iterable<{ stats: NamespaceStats; server: ReturnType<RainSocketsRegistry['all']>[number] }> {
    if (!this.io) return;
    for (const server of this.registry.all()) {
      yield { stats: this.stats.namespace(server.name, server.componentId, server.version, server.channel), server };
    }
  }

  private recordEvent(socket: Observed, event: string, code: string | undefined, ms: number, acked: boolean): void {
    this.tracer?.handled(socket, event, code);
    const watched = socket[CONNECTION];
    if (!watched) return;
    const stats = watched.stats;
    const cell = stats.cell(watched.events.has(event) ? event : OTHER_EVENT, code);
    cell.count++;
    if (this.dashboard) stats.latency.record(ms);
    if (code !== undefined) {
      const cause = eventRefusalCause(code);
      if (cause) stats.refused(cause, code);
    }
    if (this.histograms) {
      const seconds = ms / 1000;
      cell.duration.record(seconds);
      if (acked) cell.ack.record(seconds);
    }
  }

  private namespaceStats(definition: ComponentSocketDefinition): NamespaceStats {
    return this.stats.namespace(definition.namespace, definition.componentId, definition.version, definition.channel);
  }

  private watchEvictions(): void {
    const listener = (info: RainEvictionInfo) => {
      const watched = (info.socket as Observed)[CONNECTION];
      if (watched) watched.stats.evictions++;
    };
    this.idle.listeners.add(listener);
    this.stopEvictions = () => this.idle.listeners.delete(listener);
  }

  private startProbing(): void {
    const run = () =>
      void this.probe.probe().then(
        (result) => (this.lastProbe = result),
        (error: unknown) => this.logger.error(probeFailedMessage(describeError(error))),
      );
    run();
    this.probeTimer = setInterval(run, REDIS_PROBE_INTERVAL);
    this.probeTimer.unref();
  }

  private sources(histograms: HistogramSource): MetricSources {
    const sessions = this.sessions.enabled ? this.sessions.stats : undefined;
    return {
      node: this.nodeId,
      namespaces: () => [...this.namespaces()].map(({ stats, server }) => ({ stats, namespace: server.namespace })),
      sessions,
      originRefused: () => this.origin.stats.refused,
      presence: () => this.presence.trackedCounts(),
      uploadBytes: () => uploadStats.bytes,
      redis: () => this.lastProbe,
      collected: () => {
        // A reader that collects the counters twice and never the histograms was not given the producer.
        if (++this.collections === 2 && histograms.reads === 0) this.logger.warn(histogramsNotExportedMessage());
      },
    };
  }
}
