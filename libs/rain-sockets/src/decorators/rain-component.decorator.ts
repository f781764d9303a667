import { SetMetadata } from '@nestjs/common';
import { RAIN_COMPONENT_METADATA } from '../core/rain-sockets.constants.js';

/** What `@RainComponent()` declares: the first two parts of its sockets' namespaces, `/{id}/{version}/`. */
export interface RainComponentMetadata {
  /** The component's id, e.g. `chat`: letters, digits, `-`, `_` and `.`. */
  id: string;
  /** The component's version, e.g. `1.0.0`: two versions of one component are served side by side. */
  version: string;
}

/**
 * Marks a Nest module as a RAIN component: every `@ComponentSocket` it declares is
 * served under `/{id}/{version}/`, so two components, or two versions of one, can
 * use the same channel name side by side.
 *
 * @example
 * ```ts
 * @RainComponent({ id: 'chat', version: '1.0.0' })
 * @Module({ providers: [ChatSocket] })
 * export class ChatComponent {}
 * ```
 */
export const RainComponent = (component: RainComponentMetadata): ClassDecorator =>
  SetMetadata(RAIN_COMPONENT_METADATA, component);
