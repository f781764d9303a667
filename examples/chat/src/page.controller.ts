import { Controller, Get, Header } from '@nestjs/common';
import { readFileSync } from 'node:fs';

// public/ sits beside src/ and dist/, so the same path works from the sources and the build.
const page = readFileSync(new URL('../public/index.html', import.meta.url), 'utf8');

/** GET /: the chat page. The browser client it loads, /rain/client.js, is served by RainSocketsModule. */
@Controller()
export class PageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index(): string {
    return page;
  }
}
