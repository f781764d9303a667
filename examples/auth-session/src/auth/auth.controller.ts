import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import type { SessionUser } from './session-data.js';

const Login = z.object({ name: z.string().trim().min(1, 'Give your name.').max(40) });

/**
 * Logging in and out, over HTTP. There is no password check here: put yours before
 * `regenerate`. What matters for the sockets is what lands in the session.
 */
@Controller('auth')
export class AuthController {
  @Post('login')
  @HttpCode(200)
  async login(@Body({ schema: Login }) body: z.infer<typeof Login>, @Req() req: Request): Promise<SessionUser> {
    // A new session id at login, so that an id planted before it (session fixation) is worth nothing.
    await new Promise<void>((resolve, reject) => req.session.regenerate((error) => (error ? reject(error) : resolve())));
    req.session.user = { name: body.name };
    return req.session.user;
  }

  /** Destroys the session: its sockets get `session_expired` `{ reason: 'destroyed' }` right away. */
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request): Promise<void> {
    await new Promise<void>((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
  }
}
