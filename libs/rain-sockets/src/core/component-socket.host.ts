import type { CanActivate } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import type { ComponentSocketDefinition } from './component-socket-definition.js';
import { toConnectError } from '../handlers/connect-error.js';
import { type BoundHandler, HANDLED_BY_FILTER } from '../handlers/rain-handler.factory.js';
import { isThenable } from '../handlers/maybe-async.js';
import { RainClientError, toErrorPayload } from '../handlers/ws-error.js';
import { GuardsConsumer } from './nest-internals.js';
import { EXCEPTION_EVENT } from './rain-sockets.constants.js';
import {
  connectionRefusedMessage,
  handlerFailedMessage,
  handlerTimeoutMessage,
  serverShuttingDownMessage,
  unknownEventMessage,
} from './rain-sockets.messages.js';
import type { RainSocketExtension } from './rain-socket-extension.interface.js';
import { handleRunning, setHandleRunning, setRainContext } from './rain-socket-context.js';
import type { OnRainUnknownEvent, RainSocket } from './rain-socket.interface.js';
import { describeError } from './describe-error.js';

export interface EventHandler {
  methodName: string;
  bound: BoundHandler;
  /** The method takes `@Ack()` and answers by itself. */
  takesAck: boolean;
}

type Ack = (...answer: unknown[]) => void;

interface WatchedEvent {
  deadline: number;
  socket: Socket;
  event: string;
  ack?: Ack;
  methodName: string;
  /** The client got the timeout error; the handler's late result is dropped. */
  answered: boolean;
  /** performance.now() at arrival, when extensions time events (else 0). */
  started: number;
}

export interface ComponentSocketHostParts {
  definition: ComponentSocketDefinition;
  handlers: Map<string, EventHandler>;
  /** `handle()` bound to the pipeline without guards (the connection guards ran already). */
  handle?: BoundHandler;
  connectionGuards: CanActivate[];
  extensions: RainSocketExtension[];
  session: boolean;
  /** An event whose handler has not finished after this many ms is answered with a `timeout` error. 0: never. */
  handlerTimeout: number;
}

/**
 * Serves one component socket on its namespace: admits connections (extensions,
 * then connection guards), runs `handle()`, dispatches events to the bound
 * handlers and turns every failure into an answer to that client alone.
 */
export class ComponentSocketHost {
  private readonly logger: Logger;
  private readonly guardsConsumer = new GuardsConsumer();
  private inFlight = 0;
  private drainedListeners: (() => void)[] = [];
  private closing = false;
  /** The extensions that observe events, picked once: with none, no event is timed or wrapped. */
  private readonly timing: RainSocketExtension[];
  private readonly wrapping: RainSocketExtension[];
  /** The extensions that look at every incoming event, picked once. */
  private readonly incoming: RainSocketExtension[];

  constructor(private readonly parts: ComponentSocketHostParts) {
    this.logger = new Logger(`RainSockets ${parts.definition.namespace}`);
    this.timing = parts.extensions.filter((extension) => extension.eventHandled);
    this.wrapping = parts.extensions.filter((extension) => extension.aroundEvent);
    this.incoming = parts.extensions.filter((extension) => extension.incoming);
  }

  attach(namespace: Namespace): void {
    setRainContext(namespace, { definition: this.parts.definition, session: this.parts.session });
    namespace.use((socket, next) => {
      this.admit(socket).then(
        () => next(),
        (error: unknown) => {
          const { error: connectError, expected } = toConnectError(error);
          if (!expected) this.logger.error(`Connection refused: ${describeError(error)}`);
          this.refused(socket, connectError.data.code);
          next(connectError);
        },
      );
    });
    namespace.on('connection', (socket) => this.connected(socket));
  }

  /**
   * Stops admitting connections and resolves when no handler is running any more
   * (or after `timeoutMs`, with the number still running).
   */
  drain(timeoutMs: number): Promise<number> {
    this.closing = true;
    if (this.inFlight === 0) return Promise.resolve(0);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.inFlight), timeoutMs);
      this.drainedListeners.push(() => {
        clearTimeout(timer);
        resolve(0);
      });
    });
  }

  private async admit(socket: Socket): Promise<void> {
    if (this.closing) throw new RainClientError('server_shutdown', serverShuttingDownMessage());
    const { definition, extensions, connectionGuards } = this.parts;
    for (const extension of extensions) await extension.admit?.(socket, definition);
    if (connectionGuards.length === 0) return;
    const instance = definition.instance as Record<string, Function>;
    const allowed = await this.guardsConsumer.tryActivate(
      connectionGuards,
      [socket, socket.handshake.auth],
      instance,
      (instance[definition.lifecycle.connect ?? 'handle'] ?? noop) as never,
      'ws',
    );
    if (!allowed) throw new RainClientError('forbidden', connectionRefusedMessage());
  }

  private connected(socket: Socket): void {
    const { definition, extensions, handlers, handle } = this.parts;
    for (const extension of extensions) extension.connected?.(socket, definition);
    for (const event of handlers.keys()) socket.on(event, this.listenerFor(event));
    (socket as unknown as EventSocket).onevent = this.onEventFor(socket);
    socket.on('disconnect', this.onDisconnect);
    if (!handle) return;
    // handle(), or handleConnection() for a class ported from a gateway.
    const method = definition.lifecycle.connect!;
    let pending: unknown;
    try {
      pending = handle(socket, undefined);
    } catch (error) {
      this.report(socket, undefined, error, undefined, method);
      return;
    }
    // Events wait for a handle() that has not finished; one that ran synchronously holds nothing up.
    if (!isThenable(pending)) return;
    setHandleRunning(
      socket,
      Promise.resolve(pending)
        .catch((error: unknown) => this.report(socket, undefined, error, undefined, method))
        .finally(() => setHandleRunning(socket, undefined)),
    );
  }

  // One listener per event for the whole namespace, not per socket: `this` is the socket.
  private readonly listeners = new Map<string, (...args: unknown[]) => void>();
  private listenerFor(event: string) {
    let listener = this.listeners.get(event);
    if (!listener) {
      const host = this;
      const handler = this.parts.handlers.get(event)!;
      // socket.io passes the client's arguments, then the ack callback when the client asked for
      // one: the handler gets the first argument as its data (no array per event).
      listener = function (this: Socket) {
        const count = arguments.length;
        const last: unknown = count === 0 ? undefined : arguments[count - 1];
        const ack = typeof last === 'function' ? (last as Ack) : undefined;
        const data: unknown = count > (ack ? 1 : 0) ? arguments[0] : undefined;
        if (host.wrapping.length === 0) {
          host.dispatch(this, event, handler, data, ack);
          return;
        }
        // Observers (a trace span) read what came after the data, e.g. the trace envelope.
        const args: unknown[] = Array.prototype.slice.call(arguments, 0, ack ? count - 1 : count);
        host.wrap(this, event, args, () => host.dispatch(this, event, handler, data, ack));
      };
      this.listeners.set(event, listener);
    }
    return listener;
  }

  /**
   * Runs one event through the extensions and its handler's pipeline, and answers it. When the
   * pipeline finished synchronously, the answer goes out in the same tick, with no promise and no
   * deadline; only an event still running is watched (handlerTimeout) and awaited.
   */
  private dispatch(socket: Socket, event: string, handler: EventHandler, data: unknown, ack: Ack | undefined): void | Promise<void> {
    const started = this.timing.length === 0 ? 0 : performance.now();
    this.inFlight++;
    let code: string | undefined;
    try {
      // An extension may refuse the event (rate limits, an expired session...) by throwing.
      for (const extension of this.incoming) extension.incoming!(socket, event);
      const ready = handleRunning(socket);
      const result = ready ? ready.then(() => handler.bound(socket, data, ack)) : handler.bound(socket, data, ack);
      if (isThenable(result)) return this.answerLater(socket, event, handler, ack, result, started);
      code = this.answer(socket, handler, ack, result);
    } catch (error) {
      code = this.report(socket, event, error, ack, handler.methodName);
    }
    this.finished(socket, event, code, started, false, ack !== undefined);
  }

  private async answerLater(
    socket: Socket,
    event: string,
    handler: EventHandler,
    ack: Ack | undefined,
    pending: PromiseLike<unknown>,
    started: number,
  ): Promise<void> {
    const watched = this.parts.handlerTimeout > 0 ? this.watch(socket, event, ack, handler.methodName, started) : undefined;
    let code: string | undefined;
    try {
      const result = await pending;
      if (!(watched && this.unwatch(watched))) code = this.answer(socket, handler, ack, result);
    } catch (error) {
      if (!(watched && this.unwatch(watched))) code = this.report(socket, event, error, ack, handler.methodName);
    }
    // A timed-out event was reported when its deadline passed (watched.answered).
    this.finished(socket, event, code, started, watched?.answered === true, ack !== undefined);
  }

  /** Answers the client with the handler's result; returns the outcome's code for observers. */
  private answer(socket: Socket, handler: EventHandler, ack: Ack | undefined, result: unknown): string | undefined {
    if (result === HANDLED_BY_FILTER) return HANDLED_BY_FILTER_CODE;
    if (handler.takesAck) return undefined;
    if (ack) ack(result);
    else if (isWsResponse(result)) socket.emit(result.event, result.data);
    return undefined;
  }

  private finished(socket: Socket, event: string, code: string | undefined, started: number, reported: boolean, acked: boolean): void {
    if (this.timing.length > 0 && !reported) this.handled(socket, event, code, started, acked);
    if (--this.inFlight === 0 && this.drainedListeners.length) {
      for (const listener of this.drainedListeners.splice(0)) listener();
    }
  }

  /** Runs `dispatch` inside every extension's aroundEvent, the first outermost. */
  private wrap(socket: Socket, event: string, args: readonly unknown[], dispatch: () => void | Promise<void>, index = 0): void | Promise<void> {
    if (index === this.wrapping.length) return dispatch();
    return this.wrapping[index]!.aroundEvent!(socket, event, () => this.wrap(socket, event, args, dispatch, index + 1), args);
  }

  private handled(socket: Socket, event: string, code: string | undefined, started: number, acked: boolean): void {
    const ms = performance.now() - started;
    for (const extension of this.timing) {
      try {
        extension.eventHandled!(socket, event, code, ms, acked);
      } catch (error) {
        this.logger.error(`An event observer failed: ${describeError(error)}`);
      }
    }
  }

  private refused(socket: Socket, code: string): void {
    for (const extension of this.parts.extensions) {
      try {
        extension.connectionRefused?.(socket, code, this.parts.definition);
      } catch (error) {
        this.logger.error(`A refusal observer failed: ${describeError(error)}`);
      }
    }
  }

  // Handler deadlines: one record per running event and one interval per namespace while
  // any runs, instead of a timer and a Promise.race per event (a measurable cost at load).
  private readonly watched = new Set<WatchedEvent>();
  private deadlineTimer?: NodeJS.Timeout;

  private watch(socket: Socket, event: string, ack: Ack | undefined, methodName: string, started: number): WatchedEvent {
    const watched: WatchedEvent = { deadline: Date.now() + this.parts.handlerTimeout, socket, event, ack, methodName, answered: false, started };
    this.watched.add(watched);
    if (!this.deadlineTimer) {
      const every = Math.max(20, Math.min(1_000, Math.floor(this.parts.handlerTimeout / 4)));
      this.deadlineTimer = setInterval(() => this.expireDeadlines(), every);
      this.deadlineTimer.unref();
    }
    return watched;
  }

  /** Stops watching; true when the client was already answered with a timeout. */
  private unwatch(watched: WatchedEvent): boolean {
    this.watched.delete(watched);
    return watched.answered;
  }

  private expireDeadlines(): void {
    if (this.watched.size === 0) {
      clearInterval(this.deadlineTimer);
      this.deadlineTimer = undefined;
      return;
    }
    const now = Date.now();
    const ms = this.parts.handlerTimeout;
    for (const watched of this.watched) {
      if (watched.deadline > now) continue;
      this.watched.delete(watched);
      watched.answered = true;
      const message = handlerTimeoutMessage(this.parts.definition.name, watched.methodName, ms);
      this.logger.warn(message);
      const code = this.report(watched.socket, watched.event, new RainClientError('timeout', message), watched.ack, watched.methodName);
      if (this.timing.length > 0) this.handled(watched.socket, watched.event, code, watched.started, watched.ack !== undefined);
    }
  }

  /**
   * socket.io's own handling of an incoming event packet, then ours when no handler takes the
   * event: an own `onevent` shared by every socket of the namespace. An any-listener would do the
   * same, but socket.io copies its array of them for every event, and it costs an array per socket.
   * socket.io's `onevent` has pushed the ack callback (when the client asked for one) onto the
   * packet's arguments by the time it returns.
   */
  private onEvent?: (this: Socket, packet: EventPacket) => void;
  private onEventFor(socket: Socket): (this: Socket, packet: EventPacket) => void {
    if (this.onEvent) return this.onEvent;
    const host = this;
    const socketIoOnEvent = (Object.getPrototypeOf(socket) as EventSocket).onevent;
    this.onEvent = function (this: Socket, packet: EventPacket) {
      socketIoOnEvent.call(this, packet);
      const args = packet.data;
      // An event name that is not a string (a number, from a hand-made client) is unknown too, and answered so.
      if (!Array.isArray(args) || args.length === 0 || (typeof args[0] === 'string' && host.parts.handlers.has(args[0]))) return;
      const event = args[0] as string;
      const rest = args.slice(1);
      if (host.wrapping.length === 0) void host.unknownEvent(this, event, rest);
      else void host.wrap(this, event, rest, () => host.unknownEvent(this, event, rest));
    };
    return this.onEvent;
  }

  /**
   * An event with no handler still counts as activity (and may be refused by an
   * extension); its ack, if any, gets the component's `onUnknownEvent()` answer or an
   * `unknown_event` error, so the client never waits for nothing.
   */
  private async unknownEvent(socket: Socket, event: string, args: unknown[]): Promise<void> {
    const started = this.timing.length === 0 ? 0 : performance.now();
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (...a: unknown[]) => void) : undefined;
    const instance = this.parts.definition.instance as Partial<OnRainUnknownEvent>;
    let code: string | undefined;
    try {
      for (const extension of this.incoming) extension.incoming!(socket, event);
      if (typeof instance.onUnknownEvent !== 'function') {
        throw new RainClientError('unknown_event', unknownEventMessage(event));
      }
      const answer = await instance.onUnknownEvent(socket as RainSocket, event, args[0]);
      ack?.(answer);
    } catch (error) {
      code = this.report(socket, event, error, ack, 'onUnknownEvent');
    } finally {
      if (this.timing.length > 0) this.handled(socket, event, code, started, ack !== undefined);
    }
  }

  private readonly onDisconnect = (() => {
    const host = this;
    return function (this: Socket, reason: string) {
      host.disconnected(this, reason);
    };
  })();

  private disconnected(socket: Socket, reason: string): void {
    const { extensions, definition } = this.parts;
    for (const extension of extensions) {
      try {
        extension.disconnected?.(socket, reason, definition);
      } catch (error) {
        this.logger.error(`A disconnect hook failed: ${describeError(error)}`);
      }
    }
    const method = definition.lifecycle.disconnect;
    if (!method) return;
    const instance = definition.instance as Record<string, (socket: Socket, reason: string) => unknown>;
    Promise.resolve()
      .then(() => instance[method]!(socket, reason))
      .catch((error: unknown) =>
        this.logger.error(`${handlerFailedMessage(definition.name, method)}: ${describeError(error)}`),
      );
  }

  /** Answers the one client whose event failed; the server and every other socket go on. Returns the error code. */
  private report(socket: Socket, event: string | undefined, error: unknown, ack: Function | undefined, method: string): string {
    const { payload, expected } = toErrorPayload(error, event);
    if (!expected) {
      this.logger.error(`${handlerFailedMessage(this.parts.definition.name, method)}: ${describeError(error)}`);
    }
    if (ack) ack(payload);
    else if (socket.connected) socket.emit(EXCEPTION_EVENT, payload);
    return payload.code;
  }
}

function isWsResponse(value: unknown): value is { event: string; data: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { event?: unknown }).event === 'string' && 'data' in value;
}


function noop() {}

/** An event packet as socket.io's Socket receives it (socket.io-parser's `Packet`). */
interface EventPacket {
  data?: unknown[];
  id?: number;
}

/** The internal method of socket.io's Socket that takes an event packet (stable through socket.io 4). */
interface EventSocket {
  onevent(this: Socket, packet: EventPacket): void;
}

/** The outcome of an event whose error an exception filter of the app answered. */
const HANDLED_BY_FILTER_CODE = 'handled_by_filter';
