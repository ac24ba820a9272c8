import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
// Node (and so production) loads graphql's CommonJS build, as type-graphql and Apollo do; Vite would give
// our sources its ESM build, a second copy whose classes the schema's objects are not instances of.
// Every project that runs the server's code (its own tests and the browser tests' real server) needs it.
const oneGraphql = { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] };

export default defineConfig({
  test: {
    // The JSON report lets CI print one plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        test: { name: 'search', root: './search', include: ['src/**/*.test.ts'], environment: 'node' },
      },
      {
        test: {
          name: 'client',
          root: './client',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'build/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: oneGraphql,
        // A real server with the demo corpus and Debian's Chromium driven by playwright-core.
        // A page waits for the browser, the server and its background work on two shared cores: polls wait for
        // what the user would see for up to 20 s instead of vitest's 1 s, which flakes on a busy machine.
        test: {
          name: 'browser',
          root: './client',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 240_000,
          expect: { poll: { timeout: 20_000 } },
        },
      },
      {
        resolve: oneGraphql,
        test: {
          name: 'server',
          root: './server',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          // One PostgreSQL and one Meilisearch for the run; every test file gets its own database.
          globalSetup: ['./src/test/global-setup.ts'],
          // Hang detection, not a speed check: test files share two cores, and a test that took 66 s
          // against a 60 s limit had done nothing wrong. Waits inside tests end at HANG_MS (src/test/waiting.ts).
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
