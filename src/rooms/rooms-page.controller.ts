import { Controller, Get, Header } from '@nestjs/common';
import { readFileSync } from 'node:fs';

// The page stays in src/rooms; the compiled controller runs from dist/.
const pageUrl = new URL('./rooms.html', import.meta.url.replace('/dist/', '/src/'));
const page = readFileSync(pageUrl, 'utf8');

/** Serves the rooms demo page. */
@Controller('rooms')
export class RoomsPageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index() {
    return page;
  }
}
