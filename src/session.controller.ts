import { Controller, Get, Req } from '@nestjs/common';
import type { Request } from 'express';

/** GET /session: the session's JSON, to see that HTTP and the chat socket share it. */
@Controller('session')
export class SessionController {
  @Get()
  show(@Req() req: Request) {
    return { ...req.session, id: req.session.id };
  }
}
