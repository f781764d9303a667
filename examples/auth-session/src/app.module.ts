import { type DynamicModule, Module, StandardSchemaValidationPipe } from '@nestjs/common';
import { APP_PIPE } from '@nestjs/core';
import { RainSocketsModule } from 'rain-sockets';
import { AuthController } from './auth/auth.controller.js';
import { NotesModule } from './notes/notes.module.js';

export interface AppOptions {
  /** Signs the session cookie. */
  sessionSecret: string;
  /** How long a session lives without activity, in ms. Default 30 minutes. */
  sessionMaxAge?: number;
}

@Module({})
export class AppModule {
  static forRoot({ sessionSecret, sessionMaxAge = 30 * 60_000 }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        RainSocketsModule.forRoot({
          // express-session's options. rain-sockets builds the middleware and mounts it on the HTTP
          // routes too, so `req.session`, `socket.session` and `@Session()` are one session.
          // The default store is the MemoryStore: one node, development only (it warns at start-up).
          session: { secret: sessionSecret, cookie: { maxAge: sessionMaxAge } },
        }),
        NotesModule,
      ],
      controllers: [AuthController],
      // Validates every `@Body({ schema })` and `@MessageBody({ schema })`, HTTP and sockets alike.
      providers: [{ provide: APP_PIPE, useValue: new StandardSchemaValidationPipe() }],
    };
  }
}
