import { createRequire } from 'node:module';
import type * as SocketIoParser from 'socket.io-parser';
import { PAYLOAD_TOO_DEEP_PREFIX } from './security.constants.js';
import { payloadTooDeepMessage } from './security.messages.js';
import { jsonStart, leadingEventName, nestsDeeperThan } from './json-depth.js';

// The CommonJS build, the one socket.io itself loads: an ESM import resolves, under Node, to
// socket.io-parser's debug build, whose debug() calls cost on every packet.
const { Decoder, Encoder } = createRequire(import.meta.url)('socket.io-parser') as typeof SocketIoParser;

// socket.io-parser packet types, as the first character of an encoded packet.
const EVENT = '2';
const BINARY_EVENT = '5';
const ACK = '3';
const BINARY_ACK = '6';

/**
 * socket.io's default parser, with messages nested deeper than `maxDepth` refused before
 * JSON.parse sees them: parsing 1 MB of nesting blocks the event loop for 50-100 ms (a flat
 * 1 MB for ~6), and code that walks the result recursively (JSON.stringify, socket.io's
 * binary reconstruction, validators) overflows the stack. A too-deep event becomes the
 * event PAYLOAD_TOO_DEEP_PREFIX with the original name, so that its sender is answered
 * (PayloadDepthExtension); any other too-deep packet closes that connection, as socket.io
 * does for every malformed packet.
 */
export function depthLimitedParser(maxDepth: number): { Encoder: typeof Encoder; Decoder: typeof Decoder } {
  class DepthLimitedDecoder extends Decoder {
    override add(chunk: unknown): void {
      super.add(typeof chunk === 'string' ? screen(chunk, maxDepth) : chunk);
    }
  }
  return { Encoder, Decoder: DepthLimitedDecoder };
}

function screen(packet: string, maxDepth: number): string {
  // Too short to nest that deep.
  if (packet.length <= maxDepth * 2) return packet;
  const start = jsonStart(packet);
  if (start < 0) return packet;
  const type = packet[0];
  // Arguments travel in an array: the limit applies to each argument, one level in.
  const inArray = type === EVENT || type === BINARY_EVENT || type === ACK || type === BINARY_ACK;
  if (!nestsDeeperThan(packet, start, inArray ? maxDepth + 1 : maxDepth)) return packet;
  if (type !== EVENT && type !== BINARY_EVENT) throw new Error(payloadTooDeepMessage(maxDepth));
  // Same header (namespace, ack id, attachment count), no arguments.
  return packet.slice(0, start) + JSON.stringify([PAYLOAD_TOO_DEEP_PREFIX + (leadingEventName(packet, start) ?? '')]);
}
