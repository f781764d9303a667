import { type DynamicModule, Module, StandardSchemaValidationPipe } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { RainSocketsModule } from 'rain-sockets';
import { LobbyModule } from './lobby/lobby.module.js';
import { PageController } from './page.controller.js';

export interface AppOptions {
  /** The Redis every node of the cluster shares, e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** Put before every Redis key and channel; the nodes of one cluster share it, other clusters on that Redis use another. */
  keyPrefix: string;
  /** This node's name, shown in presence. */
  nodeName: string;
}

@Module({})
export class AppModule {
  static forRoot({ redisUrl, keyPrefix, nodeName }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RainSocketsModule.forRoot({
          // Every namespace on socket.io's Redis streams adapter: rooms, broadcasts and
          // fetchSockets() span the nodes, and presence replicates itself over it. Start-up
          // fails with RedisUnavailableError when Redis does not answer.
          cluster: { redis: { url: redisUrl }, keyPrefix },
        }),
        LobbyModule.forRoot(nodeName),
      ],
      controllers: [PageController],
      providers: [{ provide: APP_PIPE, useValue: new StandardSchemaValidationPipe() }],
    };
  }
}
