import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatKelvin } from './text.js';

describe('formatKelvin', () => {
  it('is exactly toFixed(2) (HotSpot %.2f) for any double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: false }), (v) => formatKelvin(v) === v.toFixed(2)),
      { numRuns: 20000 },
    );
    fc.assert(
      fc.property(fc.double({ min: 200, max: 500 }), (v) => formatKelvin(v) === v.toFixed(2)),
      { numRuns: 200000 },
    );
  });
  it('rounds ties and near-ties like toFixed', () => {
    for (const v of [
      318.15, 318.155, 318.145, 1.005, 0.5, 1, 99.995, 100, 999.999, 0.004, -1.5, 1e20, 273.275, 0.995, 9.995,
    ])
      expect(formatKelvin(v)).toBe(v.toFixed(2));
  });
});
