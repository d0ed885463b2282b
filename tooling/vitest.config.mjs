import { defineConfig } from 'vitest/config';

// the fixture workspace's own tests run only inside test-summary.test.mjs
export default defineConfig({ test: { include: ['scripts/**/*.test.mjs'] } });
