import { BadRequestException, Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { checkName, invalidNameMessage, visitorName } from './visitor/visitor.js';

/** The session as HTTP sees it: the same one the sockets read and write. */
@Controller('session')
export class SessionController {
  /** GET /session: the session's JSON. */
  @Get()
  show(@Req() req: Request) {
    return { ...req.session, id: req.session.id, name: visitorName(req.session), visits: req.session.visits ?? 0, sent: req.session.sent ?? 0 };
  }

  /** POST /session/name { name }: the name the sockets then use. */
  @Post('name')
  @HttpCode(200)
  rename(@Req() req: Request, @Body() body: { name?: unknown }) {
    const name = checkName(body?.name);
    if (!name) throw new BadRequestException(invalidNameMessage());
    req.session.name = name;
    return { name };
  }
}
