import { Controller, Get, Header, Req } from '@nestjs/common';
import type { Request } from 'express';
import { readFileSync } from 'node:fs';
import { RainSocketsRegistry } from 'rain-sockets';
import { countVisit } from '../page.controller.js';

// The page stays in src/rooms; the compiled controller runs from dist/.
const pageUrl = new URL('./rooms.html', import.meta.url.replace('/dist/', '/src/'));
const page = readFileSync(pageUrl, 'utf8');

/** Serves the rooms demo page, and the names behind the connection ids it shows. */
@Controller('rooms')
export class RoomsPageController {
  constructor(private readonly sockets: RainSocketsRegistry) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index(@Req() req: Request) {
    countVisit(req);
    return page;
  }

  /** GET /rooms/names: `{ [connection id]: name }` of every rooms connection, on every node. */
  @Get('names')
  async names(): Promise<Record<string, string>> {
    const sockets = await this.sockets.server('rooms', '1.0.0', 'rooms').fetchSockets();
    return Object.fromEntries(sockets.map((socket) => [socket.id, String(socket.data.name ?? 'guest')]));
  }
}
