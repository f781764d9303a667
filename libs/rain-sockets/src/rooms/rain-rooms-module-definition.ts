import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RainRoomsOptions } from './rain-rooms-options.interface.js';

export const {
  ConfigurableModuleClass: RainRoomsConfigurableModule,
  MODULE_OPTIONS_TOKEN: RAIN_ROOMS_OPTIONS,
} = new ConfigurableModuleBuilder<RainRoomsOptions>({ moduleName: 'RainRooms' })
  .setClassMethodName('forRoot')
  // Global, so RainRoomsService can be injected anywhere, as RainSocketsRegistry can.
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
