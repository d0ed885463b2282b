import { tasmoeVitestConfig } from './vitest/preset.mjs';

// the fixture workspace's own tests run only inside test-summary.test.mjs; the preset's 60 s
// timeout covers the scripts' node and tsx child processes on a loaded 2-core machine
export default tasmoeVitestConfig({ include: ['scripts/**/*.test.mjs', 'vitest/**/*.test.mjs'] });
