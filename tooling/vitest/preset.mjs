// Shared vitest preset: tests read package sources through the "@tasmoe/source"
// export condition, so no build is needed before testing.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const fastCheckSeed = fileURLToPath(new URL('./fast-check-seed.mjs', import.meta.url));

export function tasmoeVitestConfig(overrides = {}) {
  return defineConfig({
    resolve: { conditions: ['@tasmoe/source'] },
    ssr: { resolve: { conditions: ['@tasmoe/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
      setupFiles: [fastCheckSeed],
      ...overrides,
    },
  });
}
