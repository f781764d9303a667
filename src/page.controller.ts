import { Controller, Get, Header } from '@nestjs/common';
import { readFileSync } from 'node:fs';

// The page stays in src/public; the compiled controller runs from dist/.
const pageUrl = new URL('./public/index.html', import.meta.url.replace('/dist/', '/src/'));
const page = readFileSync(pageUrl, 'utf8');

/** Serves the demo's one page. */
@Controller()
export class PageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index() {
    return page;
  }
}
