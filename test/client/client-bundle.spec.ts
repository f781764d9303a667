import { afterEach, describe, expect, it } from 'vitest';
import { runInNewContext } from 'node:vm';
import { type ClientApp, startClientApp } from './fixtures/client-app.js';

// The bundle is built by build-client.global-setup.ts before the tests.
describe('GET /rain/client.js', () => {
  let server: ClientApp;

  afterEach(async () => {
    await server.app.close();
  });

  it('serves the browser bundle, which defines the global RainClient', async () => {
    server = await startClientApp();
    const response = await fetch(`${server.url}/rain/client.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');

    const page: Record<string, any> = { location: { origin: server.url, href: `${server.url}/` } };
    page.window = page.self = page;
    runInNewContext(await response.text(), page);
    expect(typeof page.RainClient.createRainClient).toBe('function');
    const rain = page.RainClient.createRainClient({ keepAlivePath: false });
    expect(rain.component('chat', '1.0.0').id).toBe('chat');
  });

  it('answers 404 with the reason when turned off', async () => {
    server = await startClientApp({ clientBundle: false });
    const response = await fetch(`${server.url}/rain/client.js`);
    expect(response.status).toBe(404);
    expect((await response.json()).message).toBe('Serving rain-client at /rain/client.js is turned off (option clientBundle: false).');
  });

  it('answers 404 saying how to build it when the bundle is missing', async () => {
    server = await startClientApp({ clientBundle: { file: '/nowhere/rain-client.js' } });
    const response = await fetch(`${server.url}/rain/client.js`);
    expect(response.status).toBe(404);
    expect((await response.json()).message).toBe(
      'rain-client\'s browser bundle was not found (looked for /nowhere/rain-client.js): install rain-client next to rain-sockets ' +
        '(npm install rain-client), or, in the rain-sockets repository, build it with "npm run build --workspace rain-client".',
    );
  });

  it('refuses a clientBundle option of the wrong type at start-up', async () => {
    await expect(startClientApp({ clientBundle: 'yes' as never })).rejects.toThrow(
      'RainSocketsModule: option "clientBundle" must be a boolean or { file }; got "yes".',
    );
    server = await startClientApp();
  });
});
