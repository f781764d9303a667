import type { CanActivate, Type } from '@nestjs/common';

/** A live page of the sockets for operators, served by the module. Opt-in, and only behind a guard of the app. */
export interface RainDashboardOptions {
  /**
   * Who may see it: a guard class (resolved from the app, or created) or instance. It runs for
   * the page and at its socket's handshake, in an HTTP context: `context.switchToHttp()
   * .getRequest()` is the request (with `req.session` when sessions are on), so the guard
   * that protects the app's admin routes protects this too. Required.
   */
  guard: Type<CanActivate> | CanActivate;
  /** The page's route. Default `/rain/dashboard`. */
  path?: string;
  /** How often the page is updated, in ms. Default 1000. */
  interval?: number;
}
