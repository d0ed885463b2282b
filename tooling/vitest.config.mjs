import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// the fixture workspace's own tests run only inside test-summary.test.mjs
export default defineConfig({
  test: {
    include: ['scripts/**/*.test.mjs', 'vitest/**/*.test.mjs'],
    // they spawn node and tsx, which take seconds on a loaded 2-core machine
    testTimeout: 60_000,
    setupFiles: [fileURLToPath(new URL('./vitest/fast-check-seed.mjs', import.meta.url))],
  },
});
