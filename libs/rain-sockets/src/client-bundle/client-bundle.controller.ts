import { Controller, Get, Header, Inject, NotFoundException } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { RAIN_SOCKETS_OPTIONS } from '../core/rain-sockets-module-definition.js';
import type { RainSocketsOptions } from '../core/rain-sockets-options.interface.js';
import { clientBundleMissingMessage, clientBundleOffMessage } from '../core/rain-sockets.messages.js';
import { CLIENT_BUNDLE_EXPORT, defaultClientBundleFile } from './client-bundle-file.js';
import { CLIENT_BUNDLE_ROUTE } from './client-bundle.options.js';

/**
 * `GET /rain/client.js`: rain-client for the browser (global `RainClient`, socket.io-client
 * inside), so a page needs one script tag, as with socket.io's own client.
 */
@Controller()
export class ClientBundleController {
  constructor(@Inject(RAIN_SOCKETS_OPTIONS) private readonly options: RainSocketsOptions) {}

  @Get(CLIENT_BUNDLE_ROUTE)
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  async bundle(): Promise<string> {
    const setting = this.options.clientBundle ?? true;
    if (setting === false) throw new NotFoundException(clientBundleOffMessage());
    const file = (typeof setting === 'object' && setting.file) || defaultClientBundleFile();
    if (!file) throw new NotFoundException(clientBundleMissingMessage(CLIENT_BUNDLE_EXPORT));
    try {
      return await readFile(file, 'utf8');
    } catch {
      throw new NotFoundException(clientBundleMissingMessage(file));
    }
  }
}
