import type { Provider, Type } from '@nestjs/common';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import type { RainSocketExtension } from '../core/rain-socket-extension.interface.js';
import { RAIN_CONNECTION_TALLY } from './connection-tally.interface.js';
import { ConnectionLimitExtension } from './connection-limit.extension.js';
import { LocalConnectionTally } from './local-connection-tally.js';
import { OversizedPollingExtension } from './oversized-polling.extension.js';
import { PayloadDepthExtension } from './payload-depth.extension.js';
import { RateLimitExtension } from './rate-limit.extension.js';
import { SlowConsumerExtension } from './slow-consumer.extension.js';

/**
 * The security extensions that run after the session service (they read the session id),
 * in order: the connection caps admit before idle eviction frees a slot; PayloadDepth's
 * listener must come before the core's unknown-event answer (all `connected` hooks do).
 * OversizedPolling is an engine middleware: its place in the list does not matter.
 * OriginCheckExtension is not here: it must come before the session service.
 */
export const SECURITY_EXTENSIONS: Type<RainSocketExtension>[] = [
  ConnectionLimitExtension,
  RateLimitExtension,
  PayloadDepthExtension,
  OversizedPollingExtension,
  SlowConsumerExtension,
];

/** RainSocketsModule's providers for security besides the extensions (in EXTENSION_CLASSES). */
export const SECURITY_PROVIDERS: Provider[] = [
  {
    provide: RAIN_CONNECTION_TALLY,
    // Options are not validated yet here; a bad `tally` stops the start-up in onModuleInit.
    useFactory: (options: RainSocketsOptions | undefined) =>
      (options?.connectionLimit || undefined)?.tally ?? new LocalConnectionTally(),
    inject: [RAIN_SOCKETS_OPTIONS],
  },
];
