import type { Socket } from 'socket.io-client';
import { RainEmitError, toErrorPayload } from './emit-error.js';
import { closedBeforeAnswerMessage } from './rain-client.messages.js';
import { type AckCallback, callsAckWithError, currentFlags, setFlags } from './socket-internals.js';

/** How the runtime sends again an emit the server answered with a retryable error. */
export interface RainRetryOptions {
  /** Sends again at most this many times. Default 5. */
  retries?: number;
  /** Wait before the first resend (ms); each next one waits twice as long. Default 200. */
  delay?: number;
  /** Longest wait between two sends (ms). Default 3000. */
  maxDelay?: number;
}

export const DEFAULT_RETRY: Required<RainRetryOptions> = { retries: 5, delay: 200, maxDelay: 3_000 };

/**
 * The server marks an error answer retryable (`details.retryable: true`) when the event did
 * not run and may be sent again as it is: `session_store_unavailable` while the session
 * store is unreachable, say.
 */
export function isRetryable(answer: unknown): boolean {
  if (typeof answer !== 'object' || answer === null) return false;
  const { status, details } = answer as { status?: unknown; details?: { retryable?: unknown } };
  return status === 'error' && typeof details === 'object' && details !== null && details.retryable === true;
}

/**
 * Sends an emit with an ack again, after a backoff, when the server answers it with a
 * retryable error; the app's ack gets the first answer that is not one, or the last one
 * once the retries are spent. Emits without an ack are never retried (nothing says they
 * failed), nor errors of the runtime itself (`disconnected`: the event may have run).
 */
export class RetryRetryable {
  private readonly waiting = new Map<ReturnType<typeof setTimeout>, Attempt>();
  private readonly send: Socket['emit'];
  private readonly options: Required<RainRetryOptions>;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    options: RainRetryOptions = {},
  ) {
    this.options = { ...DEFAULT_RETRY, ...options };
    this.send = socket.emit;
    socket.emit = ((event: string, ...args: unknown[]) => this.emit(event, args)) as Socket['emit'];
  }

  /** Stops resending: the acks of emits waiting to be sent again get `client_closed`. */
  close(): void {
    this.closed = true;
    for (const [timer, attempt] of this.waiting) {
      clearTimeout(timer);
      const error = new RainEmitError('client_closed', closedBeforeAnswerMessage(attempt.event), attempt.event);
      if (attempt.errorFirst) attempt.ack(error);
      else attempt.ack(toErrorPayload(error));
    }
    this.waiting.clear();
  }

  private emit(event: string, args: unknown[]): Socket {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function' || this.options.retries <= 0) return this.send.call(this.socket, event, ...args);
    const attempt = {
      event,
      args: args.slice(0, -1),
      ack: ack as AckCallback,
      errorFirst: callsAckWithError(this.socket, ack as AckCallback),
      flags: currentFlags(this.socket),
      tries: 0,
    };
    return this.sendOnce(attempt);
  }

  private sendOnce(attempt: Attempt): Socket {
    const answer: AckCallback = (...response: unknown[]) => {
      const reply = attempt.errorFirst ? (response[0] ? undefined : response[1]) : response[0];
      if (!this.closed && attempt.tries < this.options.retries && isRetryable(reply)) return this.again(attempt);
      attempt.ack(...response);
    };
    if (attempt.ack.withError) answer.withError = true;
    setFlags(this.socket, attempt.flags);
    return this.send.call(this.socket, attempt.event, ...attempt.args, answer);
  }

  private again(attempt: Attempt): void {
    const { delay, maxDelay } = this.options;
    const wait = Math.min(delay * 2 ** attempt.tries, maxDelay);
    attempt.tries++;
    // Jitter: clients that failed together do not all come back in the same millisecond.
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      this.sendOnce(attempt);
    }, wait / 2 + Math.random() * (wait / 2));
    this.waiting.set(timer, attempt);
  }
}

interface Attempt {
  event: string;
  args: unknown[];
  ack: AckCallback;
  errorFirst: boolean;
  flags: Record<string, unknown>;
  tries: number;
}
