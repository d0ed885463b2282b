import { describe, expect, it } from 'vitest';
import * as api from '../index.js';

describe('public API of the power, DVFS and refresh models', () => {
  it('exports the seed names as aliases of the TypeScript names', () => {
    expect(api.dvfs_step).toBe(api.dvfsStep);
    expect(api.refresh_multiplier).toBe(api.refreshMultiplier);
    for (const name of ['computePowerFromEvents', 'nextDvfsState', 'nextHardwareState', 'effectiveBandwidth', 'refreshMhz', 'iterateLeakageFixedPoint'] as const) {
      expect(typeof api[name]).toBe('function');
    }
  });
});
