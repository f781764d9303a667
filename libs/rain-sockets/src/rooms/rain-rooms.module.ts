import { Module } from '@nestjs/common';
import { RAIN_ROOMS_OPTIONS, RainRoomsConfigurableModule } from './rain-rooms-module-definition.js';
import { resolveRoomsOptions } from './rain-rooms-options.js';
import { createRoomsSocket } from './rain-rooms-socket.factory.js';
import { RainRoomsService } from './rain-rooms.service.js';
import { RainRoomsSocket } from './rain-rooms.socket.js';
import { RAIN_ROOMS_RESOLVED_OPTIONS } from './rain-rooms.tokens.js';

/**
 * A ready component socket speaking actionHero's room verbs (roomChange, roomView,
 * listenToRoom, silenceRoom, detailsView, say, quit) on `/rooms/1.0.0/rooms`.
 * Opt-in: import it next to `RainSocketsModule.forRoot()`.
 *
 * @example
 * ```ts
 * @Module({ imports: [RainSocketsModule.forRoot(), RainRoomsModule.forRoot({ defaultRoom: 'lobby' })] })
 * export class AppModule {}
 * ```
 */
@Module({
  providers: [
    { provide: RAIN_ROOMS_RESOLVED_OPTIONS, useFactory: resolveRoomsOptions, inject: [RAIN_ROOMS_OPTIONS] },
    { provide: RainRoomsSocket, useFactory: createRoomsSocket, inject: [RAIN_ROOMS_RESOLVED_OPTIONS] },
    RainRoomsService,
  ],
  exports: [RainRoomsService],
})
export class RainRoomsModule extends RainRoomsConfigurableModule {}
