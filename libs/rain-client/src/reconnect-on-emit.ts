import type { Socket } from 'socket.io-client';
import { RainEmitError, type RainEmitErrorCode, toErrorPayload } from './emit-error.js';
import { SHUTDOWN_RETRY_DELAY } from './failover.js';
import { EVICTED_EVENT, SERVER_SHUTDOWN_CODE, SERVER_SHUTDOWN_EVENT, TRACE_ENVELOPE_KEY } from './protocol.js';
import type { TraceContextCarrier } from './rain-client-options.js';
import { clientClosedMessage, closedBeforeAnswerMessage, disconnectedMessage, reconnectFailedMessage } from './rain-client.messages.js';
import {
  type AckCallback,
  callsAckWithError,
  clearSendBuffer,
  currentFlags,
  isBuffered,
  lastAckId,
  setFlags,
  takeBufferedAcks,
} from './socket-internals.js';

/** An emit with an ack whose answer has not come yet. */
interface PendingEmit {
  id: number;
  event: string;
  args: unknown[];
  /** The app's own ack. */
  ack: AckCallback;
  /** It takes an error first (timeout, emitWithAck), as socket.io-client would call it. */
  errorFirst: boolean;
  flags: Record<string, unknown>;
  settled: boolean;
}

/** An emit the app made while the socket was being evicted: sent once it is reconnected. */
interface HeldEmit {
  event: string;
  args: unknown[];
  flags: Record<string, unknown>;
}

/**
 * Makes a component socket deliver what the app emits across evictions and disconnections.
 *
 * An emit on a socket that will not come back by itself (evicted, disconnected by the
 * server or by the app) reconnects it; socket.io-client buffers emits while
 * disconnected and sends them in order on connect, so each goes out once. What socket.io
 * would drop silently gets an error instead: acks in flight when the connection goes, and
 * buffered acks when a connection attempt fails.
 *
 * An eviction is a close handshake (docs/PROTOCOL.md): on `rain:evicted` the socket stops
 * sending (the app's emits are held), waits for the answers to what it sent before, then
 * confirms; the server serves everything sent before the confirmation, and lets the socket go.
 * The held emits go out, in order, once it is connected again.
 */
export class ReconnectOnEmit {
  private readonly pending = new Map<number, PendingEmit>();
  private readonly send: Socket['emit'];
  private evicted = false;
  /** Between `rain:evicted` and the disconnect: emits are held. */
  private held?: HeldEmit[];
  /** The server's ack of `rain:evicted`, called once nothing sent is left unanswered. */
  private confirmEviction?: () => void;
  private shuttingDown = false;
  private reconnectQueued = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly onConnectError: (error: Error & { data?: { code?: string } }) => void,
    private readonly traceContext?: () => TraceContextCarrier | undefined,
  ) {
    this.send = socket.emit;
    socket.emit = ((event: string, ...args: unknown[]) => this.emit(event, args)) as Socket['emit'];
    socket.on(EVICTED_EVENT, (_payload: unknown, ack?: () => void) => this.evicting(ack));
    socket.on(SERVER_SHUTDOWN_EVENT, () => (this.shuttingDown = true));
    socket.on('disconnect', () => this.disconnected());
    socket.on('connect_error', (error) => this.attemptFailed(error));
  }

  /** Stops for good: buffered and unanswered acks get `client_closed`, later emits throw. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failBuffered('client_closed', '');
    clearSendBuffer(this.socket);
    this.socket.disconnect();
  }

  private emit(event: string, args: unknown[]): Socket {
    const socket = this.socket;
    if (this.closed) throw new Error(clientClosedMessage(event));
    // The trace context of the moment the app emits, even when the emit is held and sent later.
    if (this.traceContext) args = withTraceEnvelope(args, this.traceContext());
    if (this.held && socket.connected) {
      // Sent now, it would reach a socket the server is letting go.
      this.held.push({ event, args, flags: currentFlags(socket) });
      setFlags(socket, {});
      return socket;
    }
    const ack = args[args.length - 1];
    if (typeof ack === 'function') {
      const entry: PendingEmit = {
        id: -1,
        event,
        args: args.slice(0, -1),
        ack: ack as AckCallback,
        errorFirst: callsAckWithError(socket, ack as AckCallback),
        flags: currentFlags(socket),
        settled: false,
      };
      this.send.call(socket, event, ...entry.args, this.answerFor(entry));
      entry.id = lastAckId(socket);
      this.pending.set(entry.id, entry);
    } else {
      this.send.call(socket, event, ...args);
    }
    if (!socket.connected) this.reconnect();
    return socket;
  }

  private answerFor(entry: PendingEmit): AckCallback {
    const answer: AckCallback = (error: unknown, ...response: unknown[]) => {
      if (!entry.settled) this.settle(entry, error, response);
    };
    // Error-first always, so that socket.io-client tells us when it gives up on an ack
    // (it drops plain acks silently); the app's ack is then called the way it expects.
    answer.withError = true;
    return answer;
  }

  private settle(entry: PendingEmit, error: unknown, response: unknown[]): void {
    entry.settled = true;
    this.pending.delete(entry.id);
    this.confirmIfAnswered();
    if (entry.errorFirst) entry.ack(error ?? null, ...response);
    else if (error instanceof RainEmitError) entry.ack(toErrorPayload(error));
    else if (error) entry.ack(toErrorPayload(this.error('disconnected', entry.event)));
    else entry.ack(...response);
  }

  /** `rain:evicted`: hold new emits; confirm once what was sent is answered. */
  private evicting(ack: (() => void) | undefined): void {
    this.evicted = true;
    this.held ??= [];
    this.confirmEviction = typeof ack === 'function' ? ack : undefined;
    this.confirmIfAnswered();
  }

  private confirmIfAnswered(): void {
    const confirm = this.confirmEviction;
    if (!confirm || [...this.pending.values()].some((entry) => !isBuffered(this.socket, entry.id))) return;
    this.confirmEviction = undefined;
    confirm();
  }

  private disconnected(): void {
    const socket = this.socket;
    const evicted = this.evicted;
    const shuttingDown = this.shuttingDown;
    const held = this.held;
    this.evicted = this.shuttingDown = false;
    this.held = this.confirmEviction = undefined;
    // Runs before socket.io-client clears its acks: settling them here decides their fate.
    // After an eviction too: the server took what was sent before it let go (unanswered
    // only when it let go before the answer came), so nothing is sent twice.
    const unanswered = [...this.pending.values()].filter((entry) => !isBuffered(socket, entry.id));
    const code = this.closed ? 'client_closed' : 'disconnected';
    for (const entry of unanswered) this.settle(entry, this.error(code, entry.event), []);
    if (evicted && socket.active && !this.closed) socket.disconnect(); // the transport closed: no automatic comeback
    if (held?.length && !this.closed) {
      for (const entry of held) {
        setFlags(socket, entry.flags);
        this.emit(entry.event, entry.args);
      }
    }
    if (shuttingDown && !this.closed) this.reconnect();
  }

  /** A connection attempt failed: no buffered emit with an ack waits silently for the next one. */
  private attemptFailed(error: Error & { data?: { code?: string } }): void {
    if (error.data?.code === SERVER_SHUTDOWN_CODE && !this.closed) {
      // It reached a node that is draining (the load balancer had not taken it out yet): another will take it.
      setTimeout(() => this.reconnect(), SHUTDOWN_RETRY_DELAY * (0.5 + Math.random()));
      return;
    }
    this.failBuffered('reconnect_failed', error.data?.code ?? error.message);
    this.onConnectError(error);
  }

  private failBuffered(code: RainEmitErrorCode, reason: string): void {
    for (const { id, ack } of takeBufferedAcks(this.socket)) {
      const event = this.pending.get(id)?.event ?? '(unknown)';
      // Through socket.io-client's own wrapper when there is one, so its timeout timer stops.
      ack(this.error(code, event, reason));
    }
  }

  private reconnect(): void {
    if (this.reconnectQueued || this.closed) return;
    this.reconnectQueued = true;
    // Deferred: a reconnect from inside socket.io-client's disconnect handling would run
    // before it has finished closing.
    queueMicrotask(() => {
      this.reconnectQueued = false;
      const socket = this.socket;
      if (!this.closed && !socket.connected && !socket.active) socket.connect();
    });
  }

  private error(code: RainEmitErrorCode, event: string, reason = ''): RainEmitError {
    const namespace = (this.socket as unknown as { nsp: string }).nsp;
    const message =
      code === 'reconnect_failed'
        ? reconnectFailedMessage(event, namespace, reason)
        : code === 'client_closed'
          ? closedBeforeAnswerMessage(event)
          : disconnectedMessage(event, namespace);
    return new RainEmitError(code, message, event);
  }
}

/**
 * The emit's arguments with the trace envelope after the data and before the ack: the
 * server's handlers take the first argument only, and its telemetry reads the envelope.
 */
function withTraceEnvelope(args: unknown[], carrier: TraceContextCarrier | undefined): unknown[] {
  if (!carrier?.traceparent) return args;
  const ack = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : undefined;
  const data = ack ? args.slice(0, -1) : args.slice();
  // At least one data argument first, so the envelope is never taken for the data.
  if (data.length === 0) data.push(undefined);
  data.push({ [TRACE_ENVELOPE_KEY]: carrier });
  return ack ? [...data, ack] : data;
}
