import type { Provider } from '@nestjs/common';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import { RAIN_CONNECTION_COUNTER } from './connection-counter.interface.js';
import { LocalConnectionCounter } from './local-connection-counter.js';
import { RainIdleService } from './rain-idle.service.js';

/** RainSocketsModule's providers for idle eviction besides the extension itself (in EXTENSION_CLASSES). */
export const IDLE_PROVIDERS: Provider[] = [
  RainIdleService,
  {
    provide: RAIN_CONNECTION_COUNTER,
    // Options are not validated yet here; a bad `counter` stops the start-up in onModuleInit.
    useFactory: (options: RainSocketsOptions | undefined) => options?.idle?.counter ?? new LocalConnectionCounter(),
    inject: [RAIN_SOCKETS_OPTIONS],
  },
];
