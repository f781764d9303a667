import { ComponentSocket } from '../decorators/component-socket.decorator.js';
import type { ResolvedRainRoomsOptions } from './rain-rooms-options.js';
import { RainRoomsSocket } from './rain-rooms.socket.js';

/**
 * The rooms socket for these options. `@ComponentSocket` metadata is static, and the
 * namespace comes from options that may be resolved asynchronously, so the decorated
 * class is made here; the explorer finds it through the instance of this factory provider.
 */
export function createRoomsSocket(options: ResolvedRainRoomsOptions): RainRoomsSocket {
  class RoomsSocket extends RainRoomsSocket {}
  ComponentSocket(options.channel, { component: options.component, version: options.version })(RoomsSocket);
  return new RoomsSocket(options);
}
