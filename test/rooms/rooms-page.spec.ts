import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../../src/app.module.js';
import { launchChromium, testChromium } from '../support/chromium.js';

const chromiumPath = testChromium();
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

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
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A visitor (cookies of their own) on the rooms page, named over HTTP with the page's form. */
  async function open(name: string): Promise<Page> {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error('page error:', error));
    await page.goto(`${url}/rooms`);
    // Exact: "disconnected" contains "connected".
    await page.locator('#state', { hasText: /^connected$/ }).waitFor();
    await page.locator('#room', { hasText: 'lobby' }).waitFor();
    await page.fill('[data-itemid="name"]', name);
    await page.click('[data-itemid="name-form"] button');
    // The rooms connection takes the name when it connects again.
    await page.locator('#me', { hasText: new RegExp(`^${name}$`) }).waitFor();
    await page.locator('#state', { hasText: /^connected$/ }).waitFor();
    return page;
  }

  const members = (page: Page) => page.locator('#members li').allTextContents();

  it('lets people change rooms, and shows who is there and who said what by name', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    await expect.poll(() => members(alice)).toEqual(['alice (you)', 'bob']);

    await bob.fill('#room-name', 'games');
    await bob.click('#change');
    await bob.locator('#room', { hasText: 'games' }).waitFor();
    await expect.poll(() => members(bob)).toEqual(['bob (you)']);
    await expect.poll(() => members(alice)).toEqual(['alice (you)']);

    await alice.fill('#room-name', 'games');
    await alice.click('#change');
    // Oldest connection first.
    await expect.poll(() => members(bob)).toEqual(['alice', 'bob (you)']);

    await alice.fill('#message', 'gg');
    await alice.click('#say');
    await bob.locator('#log li', { hasText: '[games] alice: gg' }).waitFor();
    await alice.locator('#log li', { hasText: '[games] you: gg' }).waitFor();
    await bob.screenshot({ path: new URL('demo-rooms.png', ARTIFACTS).pathname, fullPage: true });
  });

  it('shows why a room is refused', async () => {
    const page = await open('carol');
    await page.fill('#room-name', 'staff-lounge');
    await page.click('#change');
    await expect.poll(() => page.locator('#error').innerText()).toBe('You are not allowed in room "staff-lounge".');
    expect(await page.locator('#room').innerText()).toBe('lobby');
  });
});
