import { Controller, type INestApplication, Post, Req } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Request } from 'express';
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RAIN_SOCKETS_OPTIONS } from 'rain-sockets';
import { AppModule } from '../../src/app.module.js';
import { demoOptions } from '../../src/demo-options.js';
import { launchChromium, testChromium } from '../support/chromium.js';

const chromiumPath = testChromium();
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);
const WAIT = { timeout: 10_000 };
const EVICTED =
  'You were idle and the server was full, so it let your connection go to make room. Your next message reconnects you.';

/** Test-only: logs the caller out, as an app's logout would; the server then expires the session's sockets. */
@Controller('test-only')
class LogoutController {
  @Post('logout')
  logout(@Req() req: Request) {
    return new Promise((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve({ ok: true }))));
  }
}

/** The demo app in Chromium: pages, visitors, and what they see. */
function demoInChromium(options = demoOptions()) {
  let app: INestApplication;
  let url: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule], controllers: [LogoutController] })
      .overrideProvider(RAIN_SOCKETS_OPTIONS)
      .useValue(options)
      .compile();
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

  const item = (page: Page, id: string) => page.locator(`[data-itemid="${id}"]`);

  return {
    item,
    /** A visitor with their own cookies on the chat page, greeted; named `name` (over HTTP) when given. */
    async visitor(name?: string, path = '/'): Promise<Page> {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(url + path);
      await item(page, 'hello').filter({ hasText: /^Hello / }).waitFor(WAIT).catch((error) => {
        throw new Error(`${error.message}\npage errors: ${errors.join('; ')}`);
      });
      if (name) await rename(page, name);
      return page;
    },
    /** Another tab of the same visitor (same cookies). */
    async tab(of: Page): Promise<Page> {
      const page = await of.context().newPage();
      await page.goto(url);
      await item(page, 'hello').filter({ hasText: /^Hello / }).waitFor(WAIT);
      return page;
    },
  };

  async function rename(page: Page, name: string) {
    await item(page, 'name').fill(name);
    await item(page, 'name-form').locator('button').click();
    await item(page, 'hello').filter({ hasText: `The chat socket read your new name from the session: ${name}.` }).waitFor(WAIT);
  }
}

const messages = (page: Page) => page.locator('[data-itemid="messages"] li');
const presence = (page: Page) => page.locator('[data-itemid="presence"] li');

async function send(page: Page, text: string): Promise<void> {
  await page.fill('[data-itemid="text"]', text);
  await page.click('[data-itemid="btnCustomHandler"]');
}

const shot = (page: Page, name: string) => page.screenshot({ path: new URL(name, ARTIFACTS).pathname, fullPage: true });

describe.skipIf(!chromiumPath)('the demo chat page in Chromium', () => {
  const demo = demoInChromium();

  it('greets the visitor by name with the visit count HTTP wrote in the session, and shows the session', async () => {
    const page = await demo.visitor();
    const { name } = await page.evaluate(() => fetch('/session').then((response) => response.json()));
    expect(name).toMatch(/^guest-/);
    expect(await demo.item(page, 'hello').textContent()).toBe(`Hello ${name}! The chat socket read your visit count from the session: 1.`);
    await demo.item(page, 'session').filter({ hasText: `name ${name} · visits 1 · messages sent 0` }).waitFor(WAIT);

    await page.reload();
    await demo.item(page, 'hello').filter({ hasText: `Hello ${name}! The chat socket read your visit count from the session: 2.` }).waitFor(WAIT);
    await demo.item(page, 'session').filter({ hasText: `name ${name} · visits 2 · messages sent 0` }).waitFor(WAIT);
  });

  it('puts names on messages and in the presence list; the messages the socket counted show over HTTP', async () => {
    const ana = await demo.visitor('ana');
    const bo = await demo.visitor('bo');
    await expect.poll(() => presence(ana).allTextContents()).toEqual(['ana (you)', 'bo']);
    await expect.poll(() => presence(bo).allTextContents()).toEqual(['ana', 'bo (you)']);

    await send(ana, 'hi from ana');
    await messages(bo).filter({ hasText: 'ana: hi from ana' }).waitFor(WAIT);
    await send(bo, 'hello ana');
    await messages(ana).filter({ hasText: 'bo: hello ana' }).waitFor(WAIT);
    expect(await messages(ana).allTextContents()).toEqual(['ana (you): hi from ana', 'bo: hello ana']);
    expect(await messages(bo).allTextContents()).toEqual(['ana: hi from ana', 'bo (you): hello ana']);
    // Written by the chat socket, read over HTTP.
    await demo.item(ana, 'session').filter({ hasText: 'name ana · visits 1 · messages sent 1' }).waitFor(WAIT);

    // A second tab of ana's is one name with two tabs.
    await demo.tab(ana);
    await expect.poll(() => presence(bo).allTextContents()).toEqual(['ana (2 tabs)', 'bo (you)']);
    await shot(ana, 'demo-chat.png');
  });

  it('renames over HTTP: the socket reads the new name from the session, and everyone sees it', async () => {
    const page = await demo.visitor('ana');
    const other = await demo.visitor('bo');
    await demo.item(page, 'name').fill('ana maria');
    await demo.item(page, 'name-form').locator('button').click();
    await demo.item(page, 'hello').filter({ hasText: 'The chat socket read your new name from the session: ana maria.' }).waitFor(WAIT);
    await expect.poll(() => presence(other).allTextContents()).toEqual(['bo (you)', 'ana maria']);
    await send(page, 'new name');
    await messages(other).filter({ hasText: 'ana maria: new name' }).waitFor(WAIT);

    await demo.item(page, 'name').fill('<script>');
    await demo.item(page, 'name-form').locator('button').click();
    await demo.item(page, 'name-error').filter({ hasText: 'A name is 1 to 24 letters, digits, spaces, "_", "." or "-".' }).waitFor(WAIT);
  });

  it('links the pages to each other', async () => {
    const page = await demo.visitor('ana');
    const links = () => page.locator('nav a').evaluateAll((anchors) => anchors.map((a) => [a.textContent, a.getAttribute('href')]));
    const nav = [['Chat', '/'], ['Rooms', '/rooms'], ['Your session (JSON)', '/session']];
    expect(await links()).toEqual(nav);
    await page.click('nav a[href="/rooms"]');
    await page.locator('h1', { hasText: 'rain-sockets rooms' }).waitFor(WAIT);
    expect(await links()).toEqual(nav);
    // The rooms page knows the name chosen on the chat page: the same session.
    await page.locator('#me', { hasText: /^ana$/ }).waitFor(WAIT);
    await page.click('nav a[href="/"]');
    await page.locator('h1', { hasText: 'rain-sockets chat' }).waitFor(WAIT);
  });

  it('shows the notice when the server expires the session', async () => {
    const [page, other] = await Promise.all([demo.visitor(), demo.visitor()]);
    const notice = demo.item(page, 'notice');
    expect(await notice.isHidden()).toBe(true);

    await page.evaluate(() => fetch('/test-only/logout', { method: 'POST' }));

    await notice.filter({ hasText: 'Expired Session' }).waitFor({ state: 'visible', ...WAIT });
    expect(await demo.item(other, 'notice').isHidden()).toBe(true);
    await shot(page, 'demo-session-expired.png');
  });
});

describe.skipIf(!chromiumPath)('the demo chat page in Chromium, when the server is full', () => {
  // Two sockets at most; any socket is idle 1 ms after its last event; sweeps too rare to matter:
  // only a newcomer makes room, by evicting the socket idle longest.
  const demo = demoInChromium({ ...demoOptions(), idle: { maxConnections: 2, idleTimeout: 1, checkInterval: 600_000 } });

  it('tells the idle visitor they were evicted, and their next message reconnects them', async () => {
    const ana = await demo.visitor('ana');
    const bo = await demo.visitor('bo');
    const evicted = (page: Page) => demo.item(page, 'evicted');
    expect(await evicted(ana).isHidden()).toBe(true);
    expect(await demo.item(ana, 'limits').textContent()).toBe(
      'This demo server admits 2 sockets (chat and rooms tabs); when it is full, one idle for 0.001 s is let go to make room.',
    );

    // A third visitor: the server is full, and ana has been idle longest.
    const cy = await demo.visitor('cy');
    await evicted(ana).filter({ hasText: EVICTED }).waitFor({ state: 'visible', ...WAIT });
    expect(await evicted(bo).isHidden()).toBe(true);
    await shot(ana, 'demo-evicted.png');

    // Her message reconnects her (making room in turn: bo is idle longest now) and gets through.
    await send(ana, 'still here');
    await messages(ana).filter({ hasText: 'ana (you): still here' }).waitFor(WAIT);
    await messages(cy).filter({ hasText: 'ana: still here' }).waitFor(WAIT);
    await evicted(ana).waitFor({ state: 'hidden', ...WAIT });
    await evicted(bo).filter({ hasText: EVICTED }).waitFor({ state: 'visible', ...WAIT });
    expect(await messages(ana).allTextContents()).toEqual(['ana (you): still here']);
    expect(await messages(cy).allTextContents()).toEqual(['ana: still here']);
  });
});
