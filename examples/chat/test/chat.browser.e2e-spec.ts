import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeApps, startApp } from 'rain-sockets/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { hasChromium, launchChromium } from './support/chromium.js';

describe.skipIf(!hasChromium())('the chat page, in Chromium', () => {
  let app: INestApplication;
  let url: string;
  let browser: Browser;
  const visitors: BrowserContext[] = [];

  beforeAll(async () => {
    app = await startApp(Test.createTestingModule({ imports: [AppModule] }));
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  // The pages first: an open page would reconnect to the closing app.
  afterEach(async () => {
    await Promise.all(visitors.splice(0).map((visitor) => visitor.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await closeApps();
  });

  /** A visitor of their own (own cookies), named, on the page once the chat greeted it. */
  async function visit(name: string): Promise<Page> {
    const visitor = await browser.newContext();
    visitors.push(visitor);
    const page = await visitor.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page
      .locator('#status', { hasText: 'Welcome to the chat!' })
      .waitFor({ timeout: 5_000 })
      .catch((error: Error) => {
        throw new Error(`${error.message}\nerrors on the page: ${errors.join('; ') || 'none'}`);
      });
    await page.fill('#name', name);
    return page;
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.fill('#text', text);
    await page.click('button');
  }

  const messages = (page: Page) => page.locator('#messages li').allTextContents();

  it('shows a message typed in one page in the other', async () => {
    const ann = await visit('ann');
    const bob = await visit('bob');

    await say(ann, 'hi bob');
    await bob.locator('#messages li', { hasText: 'ann: hi bob' }).waitFor({ timeout: 5_000 });
    await say(bob, 'hi ann');
    await ann.locator('#messages li', { hasText: 'bob: hi ann' }).waitFor({ timeout: 5_000 });

    expect(await messages(ann)).toEqual(['ann: hi bob', 'bob: hi ann']);
    expect(await messages(bob)).toEqual(['ann: hi bob', 'bob: hi ann']);
  });

  it("shows the server's refusal of an empty message to its sender only", async () => {
    const ann = await visit('ann');
    const bob = await visit('bob');

    await say(ann, '   ');
    await ann.locator('#error', { hasText: 'text: Write something first.' }).waitFor({ timeout: 5_000 });
    await say(ann, 'sorry');
    await ann.locator('#messages li', { hasText: 'ann: sorry' }).waitFor({ timeout: 5_000 });
    await bob.locator('#messages li', { hasText: 'ann: sorry' }).waitFor({ timeout: 5_000 });

    expect(await ann.locator('#error').textContent()).toBe('');
    expect(await messages(bob)).toEqual(['ann: sorry']);
  });
});
