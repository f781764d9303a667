/** Why an emit's acknowledgement carries an error instead of the server's answer. */
export type RainEmitErrorCode = 'disconnected' | 'reconnect_failed' | 'client_closed';

/**
 * Given to an ack that takes an error first (`socket.timeout(ms).emit(...)`,
 * `emitWithAck`), when the runtime can no longer deliver the emit or its answer.
 */
export class RainEmitError extends Error {
  override readonly name = 'RainEmitError';
  constructor(
    readonly code: RainEmitErrorCode,
    message: string,
    readonly event: string,
  ) {
    super(message);
  }
}

/**
 * The same failure for a plain ack, shaped like the server's own error answers
 * (RainErrorPayload in docs/PROTOCOL.md), so one `status === 'error'` check covers both.
 */
export interface RainEmitErrorPayload {
  status: 'error';
  code: RainEmitErrorCode;
  message: string;
  event: string;
}

export function toErrorPayload(error: RainEmitError): RainEmitErrorPayload {
  return { status: 'error', code: error.code, message: error.message, event: error.event };
}
