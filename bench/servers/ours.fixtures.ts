import { Controller, Get, Module, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import type { Request } from 'express';
import {
  ComponentSocket,
  ConnectedSocket,
  MessageBody,
  RainComponent,
  type RainSocket,
  SubscribeMessage,
  WsException,
} from 'rain-sockets';
import { LOGIN_PATH, ROOM } from './contract.mjs';
import { BenchTokenGuard, CountingInterceptor } from './pipeline.fixtures.js';

@ComponentSocket('echo')
export class EchoSocket {
  @UseGuards(BenchTokenGuard)
  @UseInterceptors(CountingInterceptor)
  @SubscribeMessage('echo')
  echo(@MessageBody() data: unknown) {
    return data;
  }

  /** Reads and writes the session on every event, so every event is saved. */
  @UseGuards(BenchTokenGuard)
  @UseInterceptors(CountingInterceptor)
  @SubscribeMessage('echo-session')
  echoSession(@MessageBody() data: unknown, @ConnectedSocket() socket: RainSocket) {
    const session = socket.session;
    if (!session) throw new WsException({ code: 'no_session', message: 'sessions are off in this build' });
    session.count = (session.count ?? 0) + 1;
    session.last = data;
    return data;
  }
}

@ComponentSocket('fanout')
export class FanoutSocket {
  handle(socket: RainSocket) {
    socket.join(ROOM);
  }

  @UseGuards(BenchTokenGuard)
  @UseInterceptors(CountingInterceptor)
  @SubscribeMessage('fire')
  fire(@MessageBody() data: unknown, @ConnectedSocket() socket: RainSocket) {
    socket.to(ROOM).emit('tick', data);
  }
}

@Controller()
export class LoginController {
  @Get(LOGIN_PATH)
  login(@Req() request: Request) {
    const session = (request as Request & { session?: Record<string, unknown> }).session;
    if (session) session.user = 'bench';
    return { session: Boolean(session) };
  }
}

@RainComponent({ id: 'bench', version: '1.0.0' })
@Module({ providers: [EchoSocket, FanoutSocket, BenchTokenGuard, CountingInterceptor], controllers: [LoginController] })
export class BenchComponent {}
