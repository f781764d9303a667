import type { Context, Span, Tracer } from '@opentelemetry/api';
import type { Socket } from 'socket.io';
import type { OtelApi } from './otel-peers.js';
import { eventCarrier, handshakeCarrier } from './trace-carrier.js';
import { MESSAGING_SYSTEM } from './telemetry.constants.js';

const OPEN = Symbol('rain-sockets:open-spans');
const HANDSHAKE = Symbol('rain-sockets:handshake-context');

interface OpenSpan {
  event: string;
  span: Span;
}

type Traced = Socket & { [OPEN]?: OpenSpan[]; [HANDSHAKE]?: Context | null };

/**
 * A span per handled event, around everything the server does for it, so that what the
 * handler calls (a session store, a database) runs in its context and, when the app
 * instruments those, shows as its children. Its parent is the client's trace when the
 * client sent one (the event's envelope, else the handshake), read with the app's
 * propagator (W3C trace context with the SDK's defaults).
 */
export class EventTracer {
  constructor(
    private readonly api: OtelApi,
    private readonly tracer: Tracer,
  ) {}

  around<T>(socket: Socket, event: string, run: () => T, args: readonly unknown[]): T {
    const { context, trace, SpanKind } = this.api;
    const traced = socket as Traced;
    const parent = this.parentOf(traced, args);
    const span = this.tracer.startSpan(
      `${event} ${socket.nsp.name}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': MESSAGING_SYSTEM,
          'messaging.operation.type': 'process',
          'messaging.operation.name': event,
          'messaging.destination.name': socket.nsp.name,
          'messaging.client.id': socket.id,
        },
      },
      parent,
    );
    const open: OpenSpan = { event, span };
    (traced[OPEN] ??= []).push(open);
    const result = context.with(trace.setSpan(parent, span), run);
    // Ended by `handled` with its outcome; this only covers a dispatch that never reported one.
    const settle = () => this.close(traced, open);
    if (result instanceof Promise) result.then(settle, settle);
    else settle();
    return result;
  }

  /** The event's outcome: ends its span (the one in whose context it was handled, else the oldest of that name). */
  handled(socket: Socket, event: string, code: string | undefined): void {
    const open = (socket as Traced)[OPEN];
    if (!open?.length) return;
    const active = this.api.trace.getSpan(this.api.context.active());
    const entry = open.find((candidate) => candidate.span === active && candidate.event === event) ?? open.find((candidate) => candidate.event === event);
    if (!entry) return;
    if (code !== undefined) {
      entry.span.setAttribute('error.type', code);
      entry.span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: code });
    }
    this.close(socket as Traced, entry);
  }

  private close(socket: Traced, entry: OpenSpan): void {
    const open = socket[OPEN];
    const index = open ? open.indexOf(entry) : -1;
    if (index < 0) return;
    open!.splice(index, 1);
    entry.span.end();
  }

  private parentOf(socket: Traced, args: readonly unknown[]): Context {
    const { context, propagation, ROOT_CONTEXT } = this.api;
    const carrier = eventCarrier(args);
    if (carrier) return propagation.extract(ROOT_CONTEXT, carrier);
    if (socket[HANDSHAKE] === undefined) {
      const handshake = handshakeCarrier(socket);
      socket[HANDSHAKE] = handshake ? propagation.extract(ROOT_CONTEXT, handshake) : null;
    }
    return socket[HANDSHAKE] ?? context.active();
  }
}
