import { type CanActivate, HttpException } from '@nestjs/common';
import { isObservable, lastValueFrom } from 'rxjs';
import { ExecutionContextHost } from '../core/nest-internals.js';
import { describeError } from '../core/describe-error.js';
import { dashboardForbiddenMessage, dashboardGuardFailedMessage } from './dashboard.messages.js';

/** The guard's verdict on one request. */
export type GuardVerdict = { allowed: true } | { allowed: false; status: number; message: string; failure?: string };

/**
 * Runs the app's dashboard guard on an HTTP request (the page's, or the socket handshake's),
 * in an HTTP execution context whose class and handler are `owner` and `handler`, so guards
 * that read metadata with the Reflector work. An HttpException keeps its status and message.
 */
export async function askGuard(guard: CanActivate, req: unknown, res: unknown, owner: Function, handler: Function): Promise<GuardVerdict> {
  const context = new ExecutionContextHost([req, res, () => undefined], owner as never, handler as never);
  context.setType('http');
  try {
    let verdict: unknown = guard.canActivate(context);
    if (isObservable(verdict)) verdict = await lastValueFrom(verdict);
    if ((await verdict) === true) return { allowed: true };
    return { allowed: false, status: 403, message: dashboardForbiddenMessage() };
  } catch (error) {
    if (error instanceof HttpException) return { allowed: false, status: error.getStatus(), message: error.message };
    return { allowed: false, status: 403, message: dashboardForbiddenMessage(), failure: dashboardGuardFailedMessage(describeError(error)) };
  }
}
