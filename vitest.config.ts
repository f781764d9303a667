import swc from 'unplugin-swc';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// `rain-sockets`, `rain-sockets/testing` and `rain-client` are imported by name, as a user
// does, and resolved through the npm workspace; the `rain-source` export condition points
// them at their TypeScript sources, so the suites need no build of the packages first.
// Without Vite's `module` condition: Node, as a user's app runs, never picks it, and some
// packages' `module` builds only load in a bundler (@opentelemetry/api's ESM imports lack extensions).
const conditions = ['rain-source', ...defaultServerConditions.filter((condition) => condition !== 'module')];

export default defineConfig({
  // SWC instead of esbuild: esbuild drops decorator metadata, which Nest's DI and pipes need.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.spec.ts', 'libs/**/*.spec.ts', 'faults/**/*.spec.ts', 'examples/*/test/**/*.e2e-spec.ts'],
    globalSetup: [
      // Builds the browser bundle of rain-client once, for the /rain/client.js and browser suites.
      './test/client/build-client.global-setup.ts',
      // Collects the fault scenarios' rows and prints their table at the end.
      './faults/support/faults.global-setup.ts',
    ],
    exclude: ['**/dist/**', '**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
