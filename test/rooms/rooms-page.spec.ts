import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../../src/app.module.js';
import { launchChromium, testChromium } from '../support/chromium.js';

const chromiumPath = testChromium();

describe.skipIf(!chromiumPath)('the demo /rooms page in a browser', () => {
  let app: INestApplication;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    // The page loads rain-client from GET /rain/client.js, which vitest's globalSetup
    // (test/client/build-client.global-setup.ts) has built from the current source.
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0);
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium(chromiumPath!);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(): Promise<{ page: Page; id: string }> {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(`${url}/rooms`);
    // Exact: "disconnected" contains "connected".
    await page.locator('#state', { hasText: /^connected$/ }).waitFor();
    await page.locator('#room', { hasText: 'lobby' }).waitFor();
    return { page, id: await page.locator('#me').innerText() };
  }

  const members = async (page: Page) =>
    (await page.locator('#members li').evaluateAll((items) => items.map((li) => (li as HTMLElement).dataset.memberId!))).sort();

  it('lets people change rooms and see who is there', async () => {
    const alice = await open();
    const bob = await open();
    await expect.poll(() => members(alice.page)).toEqual([alice.id, bob.id].sort());

    await bob.page.fill('#room-name', 'games');
    await bob.page.click('#change');
    await bob.page.locator('#room', { hasText: 'games' }).waitFor();
    await expect.poll(() => members(bob.page)).toEqual([bob.id]);
    await expect.poll(() => members(alice.page)).toEqual([alice.id]);

    await alice.page.fill('#room-name', 'games');
    await alice.page.click('#change');
    await expect.poll(() => members(bob.page)).toEqual([bob.id, alice.id].sort());

    await alice.page.fill('#message', 'gg');
    await alice.page.click('#say');
    await bob.page.locator('#log li', { hasText: `[games] ${alice.id}: gg` }).waitFor();
  });

  it('shows why a room is refused', async () => {
    const { page } = await open();
    await page.fill('#room-name', 'staff-lounge');
    await page.click('#change');
    await expect.poll(() => page.locator('#error').innerText()).toBe('You are not allowed in room "staff-lounge".');
    expect(await page.locator('#room').innerText()).toBe('lobby');
  });
});
