import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const at = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // SWC instead of esbuild: esbuild drops decorator metadata, which Nest's DI and pipes need.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      'rain-sockets/testing': at('./libs/rain-sockets/src/testing/index.ts'),
      'rain-sockets': at('./libs/rain-sockets/src/index.ts'),
      'rain-client': at('./libs/rain-client/src/index.ts'),
    },
  },
  test: {
    include: ['test/**/*.spec.ts', 'libs/**/*.spec.ts'],
    // Builds the browser bundle of rain-client once, for the /rain/client.js and browser suites.
    globalSetup: ['./test/client/build-client.global-setup.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
