import { Controller, type INestApplication, Post, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RainSocketsRegistry } from 'rain-sockets';
import { AppModule } from '../../src/app.module.js';
import { launchChromium, testChromium } from '../support/chromium.js';

const chromiumPath = testChromium();

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

/** Test-only: logs the caller out, as an app's logout would; the server then expires the session's sockets. */
@Controller('test-only')
class LogoutController {
  @Post('logout')
  logout(@Req() req: Request) {
    return new Promise((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve({ ok: true }))));
  }
}

describe.skipIf(!chromiumPath)('the demo chat page in Chromium', () => {
  let app: INestApplication;
  let url: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule], controllers: [LogoutController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const bundle = await fetch(`${url}/rain/client.js`);
    if (bundle.status !== 200) {
      throw new Error(`GET /rain/client.js: ${bundle.status} ${await bundle.text()} (vitest's globalSetup test/client/build-client.global-setup.ts builds it)`);
    }
    browser = await launchChromium(chromiumPath!);
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterEach(async () => {
    // Pages first: a page left open would reconnect to the closing server.
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A visitor with their own cookies, on the chat page, greeted. */
  async function visitor(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.locator('[data-itemid="hello"]', { hasText: 'Hello Sockets!' }).waitFor({ timeout: 5_000 }).catch((error) => {
      throw new Error(`${error.message}\npage errors: ${errors.join('; ')}`);
    });
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    await page.fill('[data-itemid="text"]', text);
    await page.click('[data-itemid="btnCustomHandler"]');
  }

  const messages = (page: Page) => page.locator('[data-itemid="messages"] li');
  const serverSockets = () => [...app.get(RainSocketsRegistry).server('chat', '1.0.0', 'chat').namespace.sockets.values()];

  it('shows the hello message, and the reply to a click', async () => {
    const page = await visitor();
    await send(page, 'Welcome!');
    await messages(page).filter({ hasText: 'me: Welcome!' }).waitFor({ timeout: 5_000 });
    expect(await messages(page).allTextContents()).toEqual(['me: Welcome!']);
  });

  it('lets two pages chat with each other', async () => {
    const [ana, bo] = await Promise.all([visitor(), visitor()]);
    await send(ana, 'hi from ana');
    await messages(bo).filter({ hasText: 'hi from ana' }).waitFor({ timeout: 5_000 });
    await send(bo, 'hello ana');
    await messages(ana).filter({ hasText: 'hello ana' }).waitFor({ timeout: 5_000 });
    expect(await messages(ana).allTextContents()).toEqual(['me: hi from ana', 'hello ana']);
    expect(await messages(bo).allTextContents()).toEqual(['hi from ana', 'me: hello ana']);
    await ana.screenshot({ path: new URL('demo-chat.png', ARTIFACTS).pathname, fullPage: true });
  });

  it('shows the notice when the server expires the session', async () => {
    const [page, other] = await Promise.all([visitor(), visitor()]);
    const notice = page.locator('[data-itemid="notice"]');
    expect(await notice.isHidden()).toBe(true);

    await page.evaluate(() => fetch('/test-only/logout', { method: 'POST' }));

    await notice.filter({ hasText: 'Expired Session' }).waitFor({ state: 'visible', timeout: 5_000 });
    expect(await other.locator('[data-itemid="notice"]').isHidden()).toBe(true);
    await page.screenshot({ path: new URL('demo-session-expired.png', ARTIFACTS).pathname, fullPage: true });
  });

  it('gets a click through after the server evicted the idle socket', async () => {
    const earlier = new Set(serverSockets());
    const page = await visitor();
    const [socket, ...more] = serverSockets().filter((s) => !earlier.has(s));
    expect(more).toEqual([]);
    const other = await visitor();

    // What idle eviction does (docs/PROTOCOL.md), to the first page's socket.
    socket!.emit('rain:evicted', { reason: 'idle' });
    socket!.disconnect();
    expect(serverSockets()).not.toContain(socket);

    await send(page, 'still here');
    await messages(page).filter({ hasText: 'me: still here' }).waitFor({ timeout: 5_000 });
    await messages(other).filter({ hasText: 'still here' }).waitFor({ timeout: 5_000 });
    expect(await messages(page).allTextContents()).toEqual(['me: still here']);
    expect(await messages(other).allTextContents()).toEqual(['still here']);
  });
});
