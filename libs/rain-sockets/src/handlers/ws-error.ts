import { HttpException } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { internalErrorMessage } from '../core/rain-sockets.messages.js';

/** What a client receives, in an ack or an `exception` event, when a handler fails. */
export interface RainErrorPayload {
  status: 'error';
  /** A stable machine-readable code: `forbidden`, `bad_request`, `internal`, ... */
  code: string;
  message: string;
  /** The event that failed, when there is one. */
  event?: string;
  /** Extra detail, e.g. every message of a failed validation. */
  details?: unknown;
}

/** Marks an error whose message and code may be shown to the client as they are. */
export class RainClientError extends Error {
  override readonly name = 'RainClientError';
  constructor(readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  408: 'timeout',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * Maps what a handler threw to the payload a client sees. HTTP exceptions are
 * mapped too, because Nest's own guards (ForbiddenException) and ValidationPipe
 * (BadRequestException) throw them even in a websocket context. Anything else is
 * an internal error whose detail stays in the server log.
 */
export function toErrorPayload(error: unknown, event?: string): { payload: RainErrorPayload; expected: boolean } {
  const withEvent = (p: Omit<RainErrorPayload, 'status'>): RainErrorPayload =>
    event === undefined ? { status: 'error', ...p } : { status: 'error', ...p, event };

  if (error instanceof RainClientError) {
    return { payload: withEvent({ code: error.code, message: error.message, details: error.details }), expected: true };
  }
  if (error instanceof WsException) {
    const body = error.getError();
    if (typeof body === 'object' && body !== null) {
      const { message, code, ...rest } = body as Record<string, unknown>;
      return {
        payload: withEvent({
          code: typeof code === 'string' ? code : 'ws_error',
          message: typeof message === 'string' ? message : error.message,
          ...(Object.keys(rest).length ? { details: rest } : {}),
        }),
        expected: true,
      };
    }
    return { payload: withEvent({ code: 'ws_error', message: String(body) }), expected: true };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    const messages = typeof response === 'object' && response !== null ? (response as { message?: unknown }).message : response;
    const message = Array.isArray(messages) ? messages.join('; ') : typeof messages === 'string' ? messages : error.message;
    return {
      payload: withEvent({
        code: HTTP_CODES[status] ?? `http_${status}`,
        message,
        ...(Array.isArray(messages) ? { details: messages } : {}),
      }),
      expected: status < 500,
    };
  }
  return { payload: withEvent({ code: 'internal', message: internalErrorMessage() }), expected: false };
}
