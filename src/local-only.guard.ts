import type { CanActivate, ExecutionContext } from '@nestjs/common';

/** The demo's dashboard guard: this machine only. A real app puts its admin guard here. */
export class LocalOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const address = context.switchToHttp().getRequest<{ socket: { remoteAddress?: string } }>().socket.remoteAddress ?? '';
    return ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(address);
  }
}
