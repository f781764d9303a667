import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RainSocketsOptions } from './rain-sockets-options.interface.js';

export const {
  ConfigurableModuleClass: RainSocketsConfigurableModule,
  MODULE_OPTIONS_TOKEN: RAIN_SOCKETS_OPTIONS,
  OPTIONS_TYPE: RAIN_SOCKETS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: RAIN_SOCKETS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<RainSocketsOptions>({ moduleName: 'RainSockets' })
  .setClassMethodName('forRoot')
  // Global, so the registry can be injected in any module of the app.
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
