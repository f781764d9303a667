import { Controller, Get, Inject, Injectable, Module, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ComponentSocket,
  ConnectedSocket,
  MessageBody,
  RAIN_SOCKETS_OPTIONS,
  RainComponent,
  RainSocketsModule,
  type RainSocket,
  type RainSocketsOptions,
  SubscribeMessage,
} from 'rain-sockets';
import type { INestApplication } from '@nestjs/common';
import { closeApps, connectComponent, connectSocket, emitWithAck, startApp } from 'rain-sockets/testing';

@ComponentSocket('notes')
class NotesSocket {
  @SubscribeMessage('echo')
  echo(@MessageBody() data: unknown) {
    return data;
  }

  @SubscribeMessage('has-session')
  hasSession(@ConnectedSocket() socket: RainSocket) {
    return socket.session !== undefined;
  }
}

@RainComponent({ id: 'notes', version: '1.0.0' })
@Module({ providers: [NotesSocket] })
class NotesComponent {}

/** A provider of another module that reads the module's options, as an app's own service would. */
@Injectable()
class OptionsReader {
  constructor(@Inject(RAIN_SOCKETS_OPTIONS) readonly options: RainSocketsOptions) {}
}

@Controller('http-session')
class HttpSessionController {
  @Get()
  read(@Req() req: Request) {
    return { session: req.session === undefined ? 'none' : 'some' };
  }
}

@Module({ providers: [OptionsReader], controllers: [HttpSessionController] })
class FeatureModule {}

/** A config module of the app, for forRootAsync. */
@Injectable()
class AppConfig {
  readonly namespacePrefix = 'async';
  readonly handlerTimeout = 4_321;
}

@Module({ providers: [AppConfig], exports: [AppConfig] })
class AppConfigModule {}

const notes = { id: 'notes', version: '1.0.0', channel: 'notes' };
const urlOf = async (app: INestApplication) => (await app.getUrl()).replace('[::1]', '127.0.0.1');

describe("RainSocketsModule's options", () => {
  afterEach(closeApps);

  it('forRoot() with no argument serves component sockets, sessions off', async () => {
    const app = await startApp(Test.createTestingModule({ imports: [RainSocketsModule.forRoot(), NotesComponent, FeatureModule] }));
    const socket = await connectComponent(app, notes);
    await expect(emitWithAck(socket, 'echo', 'hello')).resolves.toBe('hello');
    await expect(emitWithAck(socket, 'has-session')).resolves.toBe(false);
    const url = await urlOf(app);
    await expect((await fetch(`${url}/http-session`)).json()).resolves.toEqual({ session: 'none' });
    // No keep-alive route without sessions.
    expect((await fetch(`${url}/core/controller/cookie`)).status).toBe(404);
    expect(app.get(OptionsReader).options).toEqual({});
  });

  it('gives RAIN_SOCKETS_OPTIONS to a provider of another module', async () => {
    const options: RainSocketsOptions = { namespacePrefix: 'rain', handlerTimeout: 1_234 };
    const app = await startApp(Test.createTestingModule({ imports: [RainSocketsModule.forRoot(options), NotesComponent, FeatureModule] }));
    expect(app.get(OptionsReader).options).toEqual({ namespacePrefix: 'rain', handlerTimeout: 1_234 });
    // The options it sees are the ones served: the prefix is in the namespace.
    const socket = await connectSocket(`${await urlOf(app)}/rain/notes/1.0.0/notes`);
    await expect(emitWithAck(socket, 'echo', 1)).resolves.toBe(1);
  });

  it('forRootAsync() takes the options from a factory, served and injectable alike', async () => {
    const app = await startApp(
      Test.createTestingModule({
        imports: [
          RainSocketsModule.forRootAsync({
            imports: [AppConfigModule],
            inject: [AppConfig],
            useFactory: (config: AppConfig): RainSocketsOptions => ({
              namespacePrefix: config.namespacePrefix,
              handlerTimeout: config.handlerTimeout,
            }),
          }),
          NotesComponent,
          FeatureModule,
        ],
      }),
    );
    expect(app.get(OptionsReader).options).toEqual({ namespacePrefix: 'async', handlerTimeout: 4_321 });
    const socket = await connectSocket(`${await urlOf(app)}/async/notes/1.0.0/notes`);
    await expect(emitWithAck(socket, 'has-session')).resolves.toBe(false);
  });
});
