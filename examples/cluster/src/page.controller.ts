import { Controller, Get, Header } from '@nestjs/common';
import { readFileSync } from 'node:fs';

// public/ sits beside src/ and dist/, so the same path works from the sources and the build.
const page = readFileSync(new URL('../public/index.html', import.meta.url), 'utf8');

/** GET /: a page to watch the cluster by hand (open it on both nodes' ports). */
@Controller()
export class PageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index(): string {
    return page;
  }
}
