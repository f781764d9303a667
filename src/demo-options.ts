import type { RainSocketsOptions } from 'rain-sockets';
import { demoClusterOption } from './demo-cluster.option.js';
import { LocalOnlyGuard } from './local-only.guard.js';
import { VisitorNameGuard } from './visitor/visitor-name.guard.js';

/**
 * The demo's idle eviction, low so that it can be seen: the server admits DEMO_MAX_CONNECTIONS
 * sockets (default 5, chat and rooms tabs alike); when it is full, one idle for
 * DEMO_IDLE_SECONDS (default 20) makes room, and its page says so.
 */
export function demoIdleOption(): NonNullable<RainSocketsOptions['idle']> {
  return {
    maxConnections: Number(process.env.DEMO_MAX_CONNECTIONS ?? 5),
    idleTimeout: Number(process.env.DEMO_IDLE_SECONDS ?? 20) * 1_000,
    checkInterval: 2_000,
  };
}

/** RainSocketsModule's options for the demo. */
export function demoOptions(): RainSocketsOptions {
  return {
    // The embedded default: express-session's MemoryStore, one node.
    session: { secret: process.env.SESSION_SECRET ?? 'rain-sockets demo secret' },
    // Off unless started by `npm run start:cluster`: then on Redis, sessions included.
    cluster: demoClusterOption(),
    idle: demoIdleOption(),
    connectionGuards: [VisitorNameGuard],
    // Operators' view: GET /metrics, spans to the global tracer (a no-op without an SDK), /rain/dashboard.
    telemetry: { prometheus: true },
    dashboard: { guard: LocalOnlyGuard },
  };
}
