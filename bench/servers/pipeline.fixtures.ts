import { type CallHandler, type CanActivate, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { BENCH_TOKEN } from './contract.mjs';

// The guard and interceptor that both Nest stacks (ours and the plain gateway) run on
// every handler, so the comparison is of the dispatch, not of the user's code.

@Injectable()
export class BenchTokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    return context.switchToWs().getClient<Socket>().handshake.auth?.token === BENCH_TOKEN;
  }
}

@Injectable()
export class CountingInterceptor implements NestInterceptor {
  handled = 0;
  intercept(_context: ExecutionContext, next: CallHandler) {
    this.handled++;
    return next.handle();
  }
}
