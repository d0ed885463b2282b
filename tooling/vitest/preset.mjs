// Shared vitest preset: tests read package sources through the "@tasmoe/source"
// export condition, so no build is needed before testing.
import { defineConfig } from 'vitest/config';

export function tasmoeVitestConfig(overrides = {}) {
  return defineConfig({
    resolve: { conditions: ['@tasmoe/source'] },
    ssr: { resolve: { conditions: ['@tasmoe/source'] } },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
      ...overrides,
    },
  });
}
