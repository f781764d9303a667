// Every text of the security concern a user can read.

export const originNotAllowedMessage = (origin: string) =>
  `Origin ${JSON.stringify(origin)} may not open sockets on this server.`;

export const originRefusedLogMessage = (origin: string, host: string | undefined) =>
  `Refused a socket handshake from origin ${JSON.stringify(origin)} (Host ${JSON.stringify(host ?? '')}). ` +
  'If that page is yours, add its origin to the allowedOrigins option.';

export const originCheckFailedMessage = (error: string) => `The allowedOrigins function failed; the handshake is refused: ${error}`;

export const rateLimitedMessage = (scope: 'connection' | 'user' | 'event', retryAfter: number) =>
  `Too many events (${scope} limit); retry in ${retryAfter} ms.`;

export const floodDisconnectMessage = (refusals: number) =>
  `Disconnected a socket after ${refusals} rate-limited events in a row.`;

export const tooManyConnectionsMessage = (scope: 'user' | 'address', limit: number) =>
  `Too many connections for this ${scope} (at most ${limit}).`;

export const tallyFailedMessage = (error: string) => `The connection tally failed; the connection is admitted: ${error}`;

export const payloadTooDeepMessage = (limit: number) => `The message nests deeper than ${limit} levels (option maxPayloadDepth).`;

export const slowConsumerMessage = (buffered: number, grace: number) =>
  `Disconnected a client that stayed ${buffered} bytes behind for ${grace} ms (option slowConsumer).`;

export const identityFailedMessage = (option: string, error: string) =>
  `The ${option} function failed; that limit does not apply to this socket: ${error}`;
