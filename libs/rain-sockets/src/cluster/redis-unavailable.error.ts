/** Thrown at start-up when `cluster` is on and Redis does not answer within `cluster.redis.connectTimeout`. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
  constructor(readonly url: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
