import { existsSync } from 'node:fs';
import { type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RainIdleService } from 'rain-sockets';
import { closeApps, connectComponent, connectSocket, emitWithAck } from 'rain-sockets/testing';
import { OBSERVED_NAMESPACE, observed } from './fixtures/observed.component.js';
import { startObservedApp } from './fixtures/telemetry-app.js';

/** The app's admin guard: an `admin=yes` cookie (what a session check would be in a real app). */
class AdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<IncomingMessage>();
    return /(?:^|;\s*)admin=yes(?:;|$)/.test(req.headers.cookie ?? '');
  }
}

/** How long the page may take to show a change (updates every 200 ms; a loaded machine is slow). */
const SEEN = { timeout: 15_000 };

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.RAIN_REQUIRE_BROWSER === '1') throw new Error(`Chromium is not at ${CHROMIUM} (apt-get install chromium); RAIN_REQUIRE_BROWSER=1 needs it.`);
  process.stderr.write(`\n*** dashboard in Chromium skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).\n\n`);
}

describe('dashboard: guarded, and protected at its socket', () => {
  afterEach(() => closeApps());

  it('refuses the page and the socket without the guard, and the socket from another origin', async () => {
    // Any origin may open the app's component sockets: the dashboard's still admits its own only.
    const app = await startObservedApp({ dashboard: { guard: AdminGuard }, allowedOrigins: '*' });
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const page = await fetch(`${url}/rain/dashboard`);
    expect(page.status).toBe(403);
    await expect(page.json()).resolves.toEqual({ statusCode: 403, message: 'The dashboard is not for you (its guard refused).' });
    expect((await fetch(`${url}/rain/dashboard`, { headers: { cookie: 'admin=yes' } })).status).toBe(200);

    await expect(connectSocket(`${url}/_rain/dashboard`)).rejects.toThrow('The dashboard is not for you (its guard refused).');
    await expect(connectSocket(`${url}/_rain/dashboard`, { cookie: 'admin=yes', origin: 'http://elsewhere.example' })).rejects.toThrow(
      'Origin "http://elsewhere.example" may not open the dashboard.',
    );
    const admin = await connectSocket(`${url}/_rain/dashboard`, { cookie: 'admin=yes' });
    expect(admin.connected).toBe(true);
  });

  it('is not there unless asked for', async () => {
    const app = await startObservedApp({});
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    expect((await fetch(`${url}/rain/dashboard`, { headers: { cookie: 'admin=yes' } })).status).toBe(404);
  });
});

describe.skipIf(!haveChromium)('dashboard: what an operator sees in Chromium', () => {
  let browser: Browser;
  let app: INestApplication;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    await closeApps();
    vi.useRealTimers();
  });

  const cell = (page: Page, testid: string) => page.locator(`tr[data-namespace="${OBSERVED_NAMESPACE}"] [data-testid="${testid}"]`);

  it('moves as clients connect, emit, fail and get evicted; its own socket is not counted', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    app = await startObservedApp({
      dashboard: { guard: AdminGuard, interval: 200 },
      idle: { maxConnections: 2, idleTimeout: 1_000, checkInterval: 60_000 },
      rateLimit: false,
    });
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const context = await browser.newContext();
    await context.addCookies([{ name: 'admin', value: 'yes', url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(`${url}/rain/dashboard`);
      await expect.poll(() => page.getByTestId('status').textContent(), SEEN).toBe('live');
      await expect.poll(() => cell(page, 'connections').textContent(), SEEN).toBe('0');
      expect(await page.locator(`tr[data-namespace="${OBSERVED_NAMESPACE}"] td`).nth(1).textContent()).toBe('observed 2.1.0');
      expect(await page.getByTestId('redis').textContent()).toBe('one node');

      const a = await connectComponent(app, observed);
      const b = await connectComponent(app, observed);
      await expect.poll(() => cell(page, 'connections').textContent(), SEEN).toBe('2');
      await expect.poll(() => page.getByTestId('total-connections').textContent(), SEEN).toBe('2');
      expect(await page.getByTestId('node-connections').first().textContent()).toBe('2');

      for (let i = 0; i < 5; i++) await emitWithAck(a, 'ping');
      await emitWithAck(a, 'fail');
      await emitWithAck(b, 'join', 'lobby');
      await expect.poll(async () => Number(await cell(page, 'event-rate').textContent()), SEEN).toBeGreaterThan(0);
      await expect.poll(() => cell(page, 'errors').textContent(), SEEN).toBe('not_today 1');
      await expect.poll(async () => Number(await cell(page, 'p50').textContent()), SEEN).toBeGreaterThan(0);
      await expect.poll(() => cell(page, 'rooms').textContent(), SEEN).toBe('1');

      const idle = app.get(RainIdleService);
      await idle.sweep();
      vi.setSystemTime(Date.now() + 1_500);
      await emitWithAck(a, 'ping');
      await expect(idle.sweep()).resolves.toBe(1);
      await expect.poll(() => cell(page, 'evictions').textContent(), SEEN).toBe('1');
      await expect.poll(() => cell(page, 'connections').textContent(), SEEN).toBe('1');
      await expect.poll(() => cell(page, 'rooms').textContent(), SEEN).toBe('0');
      await expect(connectComponent(app, observed, { auth: { deny: true } })).rejects.toThrow();
      await expect.poll(() => cell(page, 'refusals').textContent(), SEEN).toBe('guard 1');
      await expect.poll(() => page.getByTestId('total-refusals').textContent(), SEEN).toBe('1');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
