/** What refused a connection or an event, for the refusals metric: few values, stable. */
export type RefusalCause = 'origin' | 'caps' | 'rate_limit' | 'server_full' | 'guard' | 'session' | 'shutdown' | 'payload';

/** The refusal cause of an event's error code, or undefined when that code is not a refusal (a handler's failure). */
export function eventRefusalCause(code: string): RefusalCause | undefined {
  if (code === 'rate_limited') return 'rate_limit';
  if (code === 'payload_too_deep') return 'payload';
  return undefined;
}

/**
 * The cause of a refused handshake, from the code its client got. The concerns' codes are
 * known; any other comes from a connection guard of the app (`forbidden`, or its own code).
 */
export function connectionRefusalCause(code: string): RefusalCause {
  switch (code) {
    case 'origin_not_allowed':
      return 'origin';
    case 'too_many_connections':
      return 'caps';
    case 'server_full':
      return 'server_full';
    case 'session_required':
    case 'session_store_unavailable':
      return 'session';
    case 'server_shutdown':
      return 'shutdown';
    default:
      return 'guard';
  }
}
