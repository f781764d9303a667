import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Namespace, Socket } from 'socket.io';
import { RainClientError } from '../handlers/ws-error.js';
import { ComponentSocketHost, type EventHandler } from './component-socket.host.js';
import type { ComponentSocketDefinition } from './component-socket-definition.js';
import type { RainSocketExtension } from './rain-socket-extension.interface.js';

// The host's dispatch with the observers of the extension seam (aroundEvent, eventHandled):
// what each sees for an event answered at once, later, with an error, and after its deadline.

class FakeSocket {
  readonly listeners = new Map<string, Function>();
  readonly emitted: unknown[][] = [];
  connected = true;
  on(event: string, listener: Function) {
    this.listeners.set(event, listener);
    return this;
  }
  onAny() {
    return this;
  }
  emit(...args: unknown[]) {
    this.emitted.push(args);
    return true;
  }
  /** What socket.io does for an incoming event: the listener with the socket as `this`. */
  receive(event: string, ...args: unknown[]) {
    this.listeners.get(event)!.apply(this, args);
  }
}

function serve(handlers: Record<string, (data: unknown) => unknown>, extensions: RainSocketExtension[], handlerTimeout = 0) {
  const definition = { instance: {}, name: 'TestSocket', namespace: '/t/1/t', metadata: {} } as unknown as ComponentSocketDefinition;
  const bound = new Map<string, EventHandler>(
    Object.entries(handlers).map(([event, run]) => [event, { methodName: event, takesAck: false, bound: (_socket, data) => run(data) }]),
  );
  const host = new ComponentSocketHost({ definition, handlers: bound, connectionGuards: [], extensions, session: false, handlerTimeout });
  let onConnection: (socket: unknown) => void = () => {};
  host.attach({ use() {}, on: (_event: string, listener: (socket: unknown) => void) => (onConnection = listener) } as unknown as Namespace);
  const socket = new FakeSocket();
  onConnection(socket as unknown as Socket);
  return socket;
}

function observer() {
  const seen: { event: string; code: string | undefined }[] = [];
  const wrapped: string[] = [];
  const extension: RainSocketExtension = {
    eventHandled: (_socket, event, code, ms) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      seen.push({ event, code });
    },
    aroundEvent: (_socket, event, run) => {
      wrapped.push(event);
      return run();
    },
  };
  return { seen, wrapped, extension };
}

describe('ComponentSocketHost dispatch', () => {
  afterEach(() => vi.useRealTimers());

  it('acks a synchronous result in the same tick, and tells the observers once', () => {
    const { seen, wrapped, extension } = observer();
    const socket = serve({ echo: (data) => data }, [extension]);
    const ack = vi.fn();
    socket.receive('echo', { a: 1 }, ack);
    expect(ack).toHaveBeenCalledWith({ a: 1 });
    expect(wrapped).toEqual(['echo']);
    expect(seen).toEqual([{ event: 'echo', code: undefined }]);
  });

  it('answers a result that comes later, then tells the observers', async () => {
    const { seen, extension } = observer();
    const socket = serve({ later: async (data) => ({ later: data }) }, [extension]);
    const ack = vi.fn();
    socket.receive('later', 2, ack);
    expect(ack).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(ack).toHaveBeenCalledWith({ later: 2 }));
    expect(seen).toEqual([{ event: 'later', code: undefined }]);
  });

  it('reports a refusal by an incoming hook and an error of the handler with their codes', async () => {
    const { seen, extension } = observer();
    const refuse: RainSocketExtension = {
      incoming: (_socket, event) => {
        if (event === 'refused') throw new RainClientError('rate_limited', 'Too many events.');
      },
    };
    const socket = serve({ refused: () => 'never', failing: () => Promise.reject(new RainClientError('nope', 'Nope.')) }, [refuse, extension]);
    const refusedAck = vi.fn();
    socket.receive('refused', 1, refusedAck);
    expect(refusedAck).toHaveBeenCalledWith({ status: 'error', code: 'rate_limited', message: 'Too many events.', event: 'refused' });
    socket.receive('failing');
    await vi.waitFor(() => expect(socket.emitted).toEqual([['exception', { status: 'error', code: 'nope', message: 'Nope.', event: 'failing' }]]));
    expect(seen).toEqual([
      { event: 'refused', code: 'rate_limited' },
      { event: 'failing', code: 'nope' },
    ]);
  });

  it('answers an event past its deadline once with a timeout, and drops its late result', async () => {
    vi.useFakeTimers();
    const { seen, extension } = observer();
    let finish: (value: unknown) => void = () => {};
    const socket = serve({ slow: () => new Promise((resolve) => (finish = resolve)) }, [extension], 100);
    const ack = vi.fn();
    socket.receive('slow', 1, ack);
    await vi.advanceTimersByTimeAsync(150);
    expect(ack).toHaveBeenCalledWith({ status: 'error', code: 'timeout', message: 'TestSocket.slow did not finish within 100 ms (option handlerTimeout).', event: 'slow' });
    finish('late');
    await vi.advanceTimersByTimeAsync(10);
    expect(ack).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([{ event: 'slow', code: 'timeout' }]);
  });

  it('passes the data and the ack as socket.io gives them: no ack, ack only, extra arguments', () => {
    const got: unknown[] = [];
    const socket = serve({ args: (data) => got.push(data) }, []);
    const ack = vi.fn();
    socket.receive('args', 'only data');
    socket.receive('args', ack);
    socket.receive('args', 'first', 'second', ack);
    expect(got).toEqual(['only data', undefined, 'first']);
    expect(ack).toHaveBeenCalledTimes(2);
  });
});
