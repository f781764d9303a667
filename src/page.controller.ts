import { Controller, Get, Header, Req } from '@nestjs/common';
import type { Request } from 'express';
import { readFileSync } from 'node:fs';

// The files stay in src/public; the compiled controller runs from dist/.
const file = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url.replace('/dist/', '/src/')), 'utf8');
const page = file('index.html');
const visitorScript = file('visitor.js');

/** Counts a visit in the session (over HTTP: the chat socket then reads it). */
export function countVisit(req: Request): void {
  req.session.visits = (req.session.visits ?? 0) + 1;
}

/** Serves the chat page, and the visitor script both pages use. */
@Controller()
export class PageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index(@Req() req: Request) {
    countVisit(req);
    return page;
  }

  @Get('visitor.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  visitor() {
    return visitorScript;
  }
}
