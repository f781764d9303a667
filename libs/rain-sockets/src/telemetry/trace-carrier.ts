import type { Socket } from 'socket.io';
import { TRACE_ENVELOPE_KEY } from './telemetry.constants.js';

/** W3C trace context as a client sends it: the `traceparent` and `tracestate` headers' values. */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

/**
 * The trace context of one event: its envelope, a last argument `{ 'rain:trace': {...} }`
 * after the data (and before the ack). Only from the second argument on, so that data that
 * happens to look like an envelope stays data.
 */
export function eventCarrier(args: readonly unknown[]): TraceCarrier | undefined {
  let end = args.length;
  if (typeof args[end - 1] === 'function') end--;
  if (end < 2) return undefined;
  const last = args[end - 1];
  return typeof last === 'object' && last !== null ? asCarrier((last as Record<string, unknown>)[TRACE_ENVELOPE_KEY]) : undefined;
}

/** The trace context of the handshake: `auth['rain:trace']` (browsers), else a `traceparent` header (Node clients, proxies). */
export function handshakeCarrier(socket: Socket): TraceCarrier | undefined {
  const auth = socket.handshake.auth as Record<string, unknown> | undefined;
  return asCarrier(auth?.[TRACE_ENVELOPE_KEY]) ?? asCarrier(socket.handshake.headers);
}

function asCarrier(value: unknown): TraceCarrier | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { traceparent, tracestate } = value as Record<string, unknown>;
  if (typeof traceparent !== 'string') return undefined;
  return typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
}
