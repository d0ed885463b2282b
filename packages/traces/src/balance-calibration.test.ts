/**
 * Calibration of zipf_s to a target balance: the analytic balance of the solved
 * exponent equals the target to 1e-6 (bisection to 10 / 2^40 in s), the balance
 * is monotone in s (what the bisection relies on), and a sampled trace hits the
 * target within 5 % (max/mean) or 0.02 (Gini) with a fixed seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '@tasmoe/schemas';
import { workloadInput } from './__fixtures__/workloads.js';
import { balanceOf, giniOfLoads, maxOverMean, solveZipfExponent, zipfGini } from './balance-calibration.js';
import { countExpertSelections, emptyExpertSelectionCounts, selectionFrequencies } from './expert-frequencies.js';
import { createLogicalSource } from './logical-source.js';

describe('routing.balance', () => {
  it('max/mean and Gini rise with s from their uniform values', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 24 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0, max: 4, noNaN: true }),
        fc.double({ min: 0.01, max: 1 }),
        (E, k0, s, ds) => {
          const k = Math.min(k0, E - 1);
          expect(maxOverMean(E, k, s + ds)).toBeGreaterThan(maxOverMean(E, k, s) - 1e-9);
          expect(zipfGini(E, k, s + ds)).toBeGreaterThan(zipfGini(E, k, s) - 1e-9);
        },
      ),
      { numRuns: 40, seed: 22 },
    );
    expect(maxOverMean(8, 2, 0)).toBeCloseTo(1, 9);
    expect(zipfGini(8, 2, 0)).toBeCloseTo(0, 9);
    expect(giniOfLoads([1, 0, 0, 0])).toBeCloseTo(0.75, 12);
  });

  it('the solved exponent has the target balance (DeepSeek-V3 max/mean 3.17 on 160 experts top-6; Gini 0.3 on 16 top-2)', () => {
    const s1 = solveZipfExponent(160, 6, { max_over_mean: 3.17 });
    expect(balanceOf({ max_over_mean: 3.17 }, 160, 6, s1)).toBeCloseTo(3.17, 6);
    const s2 = solveZipfExponent(16, 2, { gini: 0.3 });
    expect(zipfGini(16, 2, s2)).toBeCloseTo(0.3, 6);
    const base = workloadInput({ experts: 8, topk: 2 });
    expect(() =>
      resolveConfig('workload', { ...base, routing: { ...base.routing, balance: { max_over_mean: 4 } } }),
    ).toThrow(/expected below experts_per_layer \/ topk = 4/);
  });

  it('a sampled trace hits the target: max/mean within 5 %, Gini within 0.02', () => {
    for (const balance of [{ max_over_mean: 2.5 }, { gini: 0.35 }] as const) {
      const base = workloadInput({ layers: 2, experts: 16, topk: 2, microBatch: 32, steps: 400 });
      const cfg = resolveConfig('workload', { ...base, routing: { ...base.routing, balance } });
      const src = createLogicalSource(cfg, { stepsPerChunk: 100 });
      const counts = emptyExpertSelectionCounts(cfg.moe);
      for (let c = 0; c < src.chunkCount; c++) countExpertSelections(src.chunk(c), counts);
      const freq = selectionFrequencies(counts, cfg.moe);
      for (let l = 0; l < 2; l++) {
        const loads = freq.subarray(l * 16, l * 16 + 16);
        if ('gini' in balance) expect(Math.abs(giniOfLoads(loads) - balance.gini)).toBeLessThan(0.02);
        else expect(Math.max(...loads) / (2 / 16) / balance.max_over_mean).toBeCloseTo(1, 1);
      }
    }
  });
});
