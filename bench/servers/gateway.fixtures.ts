import { Module, UseGuards, UseInterceptors } from '@nestjs/common';
import { ConnectedSocket, MessageBody, type OnGatewayConnection, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { ECHO_NAMESPACE, FANOUT_NAMESPACE, ROOM } from './contract.mjs';
import { BenchTokenGuard, CountingInterceptor } from './pipeline.fixtures.js';

// Baseline (b): what a user writes with Nest's own @WebSocketGateway, same guard and interceptor.

@WebSocketGateway({ namespace: ECHO_NAMESPACE })
export class EchoGateway {
  @UseGuards(BenchTokenGuard)
  @UseInterceptors(CountingInterceptor)
  @SubscribeMessage('echo')
  echo(@MessageBody() data: unknown) {
    return data;
  }
}

@WebSocketGateway({ namespace: FANOUT_NAMESPACE })
export class FanoutGateway implements OnGatewayConnection {
  handleConnection(socket: Socket) {
    socket.join(ROOM);
  }

  @UseGuards(BenchTokenGuard)
  @UseInterceptors(CountingInterceptor)
  @SubscribeMessage('fire')
  fire(@MessageBody() data: unknown, @ConnectedSocket() socket: Socket) {
    socket.to(ROOM).emit('tick', data);
  }
}

@Module({ providers: [EchoGateway, FanoutGateway, BenchTokenGuard, CountingInterceptor] })
export class GatewayBenchModule {}
