import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeApps, startNodes, testRedis } from 'rain-sockets/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { hasChromium, launchChromium } from './support/chromium.js';

const redisUrl = await testRedis();

describe.skipIf(!redisUrl || !hasChromium())('the lobby page on two nodes, in Chromium', () => {
  let nodes: INestApplication[];
  let browser: Browser;
  const visitors: BrowserContext[] = [];

  beforeAll(async () => {
    ({ apps: nodes } = await startNodes(2, ({ index, redisUrl: url, keyPrefix }) =>
      Test.createTestingModule({ imports: [AppModule.forRoot({ redisUrl: url, keyPrefix, nodeName: ['a', 'b'][index]! })] }),
    ));
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(visitors.splice(0).map((visitor) => visitor.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await closeApps();
  });

  /** A visitor on one node's page, named by the query string. */
  async function visit(node: INestApplication, name: string): Promise<Page> {
    const visitor = await browser.newContext();
    visitors.push(visitor);
    const page = await visitor.newPage();
    await page.goto(`${(await node.getUrl()).replace('[::1]', '127.0.0.1')}/?name=${name}`);
    return page;
  }

  const items = (page: Page, list: string) => page.locator(`#${list} li`).allTextContents();
  // Presence lists come in the order the joins reached each node: compare them sorted.
  const sorted = async (page: Page, list: string) => (await items(page, list)).sort();
  const acrossNodes = { timeout: 5_000 };

  it('shows each visitor the other one, on the other node, online, in a room, and what they say', async () => {
    const ann = await visit(nodes[0]!, 'ann');
    const bob = await visit(nodes[1]!, 'bob');

    for (const page of [ann, bob]) await expect.poll(() => sorted(page, 'online'), acrossNodes).toEqual(['ann (on a)', 'bob (on b)']);

    for (const page of [ann, bob]) {
      await page.click('#join button');
      await page.locator('#room-name', { hasText: 'ops' }).waitFor({ timeout: 5_000 });
    }
    for (const page of [ann, bob]) await expect.poll(() => sorted(page, 'members'), acrossNodes).toEqual(['ann (on a)', 'bob (on b)']);

    await bob.fill('#text', 'hello from b');
    await bob.click('#say button');
    await expect.poll(() => items(ann, 'messages'), acrossNodes).toEqual(['[ops] bob: hello from b']);
    expect(await items(bob, 'messages')).toEqual(['[ops] bob: hello from b']);
  });
});
