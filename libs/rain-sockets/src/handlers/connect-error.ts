import { toErrorPayload } from './ws-error.js';

/** socket.io hands `message` and `data` of a middleware's error to the client's `connect_error`. */
export type ConnectError = Error & { data: { code: string; details?: unknown } };

export function toConnectError(error: unknown): { error: ConnectError; expected: boolean } {
  const { payload, expected } = toErrorPayload(error);
  const connectError = new Error(payload.message) as ConnectError;
  connectError.data = payload.details === undefined ? { code: payload.code } : { code: payload.code, details: payload.details };
  return { error: connectError, expected };
}
