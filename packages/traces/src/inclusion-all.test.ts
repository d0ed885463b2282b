import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topkInclusionAll } from './inclusion-all.js';
import { topkInclusionProbabilities } from './selection-probability.js';

describe('topkInclusionAll (shared quadrature nodes)', () => {
  it('equals the per-item integral (itself checked against enumeration) to 1e-13, any weights and k', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 2, maxLength: 24 }),
        fc.integer({ min: 1, max: 7 }),
        (w, k) => {
          const want = topkInclusionProbabilities(w, k);
          const got = topkInclusionAll(w, k);
          for (let i = 0; i < w.length; i++)
            expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-13);
        },
      ),
      { numRuns: 60, seed: 22 },
    );
  });

  it('160 experts top-6 (DeepSeek-V2/V3 shape): sums to k, equal to the per-item integral', () => {
    const w = Array.from({ length: 160 }, (_, r) => (r + 1) ** -0.45);
    const got = topkInclusionAll(w, 6);
    const want = topkInclusionProbabilities(w, 6);
    expect(got.reduce((a, b) => a + b, 0)).toBeCloseTo(6, 11);
    for (let i = 0; i < w.length; i++) expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-13);
    expect(Array.from(topkInclusionAll([1, 2], 2))).toEqual([1, 1]);
  });
});
