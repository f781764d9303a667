import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Only inside the rain-sockets repository, where the packages are workspace links: test against
// their TypeScript sources (the `rain-source` export condition) and build the browser client
// first, so nothing needs building by hand. Installed from npm, this is false and does nothing.
const inRainRepository = !realpathSync(createRequire(import.meta.url).resolve('rain-sockets/package.json')).includes('node_modules');
const repository = inRainRepository && {
  conditions: ['rain-source', ...(await import('vite')).defaultServerConditions],
  globalSetup: ['../../test/client/build-client.global-setup.ts'],
};

export default defineConfig({
  // SWC rather than esbuild: Nest's dependency injection needs the decorator metadata esbuild drops.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  ssr: repository ? { resolve: { conditions: repository.conditions } } : {},
  test: {
    include: ['test/**/*.e2e-spec.ts'],
    globalSetup: repository ? repository.globalSetup : [],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
