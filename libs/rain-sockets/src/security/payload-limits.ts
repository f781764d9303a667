import type { ServerOptions } from 'socket.io';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import { depthLimitedParser } from './depth-limited-parser.js';
import { DEFAULT_MAX_HTTP_BUFFER_SIZE, DEFAULT_MAX_PAYLOAD_DEPTH } from './security.constants.js';

/**
 * What the payload limits add to socket.io's server options: the largest message (our
 * `maxHttpBufferSize`, else socket.io's own option, else 1 MB) and the depth-limited parser
 * (unless the app brings its own parser, e.g. msgpack, which has no JSON text to screen).
 */
export function payloadServerOptions(options: RainSocketsOptions): Partial<ServerOptions> {
  const maxHttpBufferSize = options.maxHttpBufferSize ?? options.socketIo?.maxHttpBufferSize ?? DEFAULT_MAX_HTTP_BUFFER_SIZE;
  const depth = options.maxPayloadDepth ?? DEFAULT_MAX_PAYLOAD_DEPTH;
  if (depth === 0 || options.socketIo?.parser) return { maxHttpBufferSize };
  return { maxHttpBufferSize, parser: depthLimitedParser(depth) };
}
