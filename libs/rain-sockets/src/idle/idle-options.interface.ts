import type { Socket } from 'socket.io';
import type { RainConnectionCounter } from './connection-counter.interface.js';

/** Idle eviction: frees slots held by idle sockets when the server is full. Off unless `maxConnections` is set. */
export interface RainIdleOptions {
  /** Admitted component sockets (all namespaces) this server holds before it frees idle ones. Unset: eviction is off. */
  maxConnections?: number;
  /** A socket with no event for longer than this (ms) may be evicted. Default 300000 (5 minutes). */
  idleTimeout?: number;
  /** How often (ms) the sweep runs. Default 10000. */
  checkInterval?: number;
  /** Whether the server's own emits to a socket (direct or broadcast) count as its activity. Default false. */
  countServerEmits?: boolean;
  /**
   * At the limit with no idle socket to free: true refuses the new connection with
   * `connect_error` "server full" (`data.code: 'server_full'`); false admits it anyway. Default true.
   */
  refuseWhenFull?: boolean;
  /**
   * Called as each eviction starts: `rain:evicted` is sent and the socket no longer counts; it is
   * disconnected after that, once its client confirms (at most 2 s later). Errors are logged, never thrown.
   */
  onEvicted?: (info: RainEvictionInfo) => void;
  /**
   * Counts the admitted connections the limit is measured against. Default: this process's
   * own count. A cluster-wide counter goes here (the module injects it as RAIN_CONNECTION_COUNTER,
   * which a test may override with `overrideProvider`).
   */
  counter?: RainConnectionCounter;
}

/** What `onEvicted` receives. */
export interface RainEvictionInfo {
  reason: 'idle';
  /**
   * The evicted socket: told `rain:evicted`, no longer counted, and disconnected as soon as its
   * client confirms (at most 2 s later). Its `id`, `data` and `handshake` stay readable.
   */
  socket: Socket;
  namespace: string;
  /** How long the socket had been idle, in ms. */
  idleMs: number;
}
