import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shippedWorkload, workload } from './__fixtures__/workloads.js';
import {
  countExpertSelections,
  emptyExpertSelectionCounts,
  empiricalExpertFrequencies,
  selectionFrequencies,
} from './expert-frequencies.js';
import { createLogicalSource } from './logical-source.js';
import { analyticExpertSelectionProbability, topkInclusionProbabilities } from './selection-probability.js';

/** Oracle: enumerate every ordered draw sequence of successive weighted sampling without replacement. */
function enumerateInclusion(weights: readonly number[], k: number): number[] {
  const out = weights.map(() => 0);
  const walk = (taken: number[], prob: number): void => {
    if (taken.length === k) {
      for (const i of taken) out[i] = (out[i] ?? 0) + prob;
      return;
    }
    const free = weights.reduce((s, w, i) => (taken.includes(i) ? s : s + w), 0);
    weights.forEach((w, i) => {
      if (!taken.includes(i)) walk([...taken, i], (prob * w) / free);
    });
  };
  walk([], 1);
  return out;
}

describe('topkInclusionProbabilities (exponential-race integral)', () => {
  it('equals exhaustive enumeration within 1e-8 for random weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-4, max: 100, noNaN: true }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 1, max: 4 }),
        (weights, k) => {
          const got = Array.from(topkInclusionProbabilities(weights, k));
          const want = enumerateInclusion(weights, Math.min(k, weights.length));
          got.forEach((p, i) => expect(Math.abs(p - (want[i] as number))).toBeLessThan(1e-8));
        },
      ),
      { numRuns: 100 },
    );
  });
  it('k = 1 gives w_i / W; equal weights give k / n; probabilities sum to k and grow with weight', () => {
    const w = [5, 3, 1, 0.5, 0.25];
    const total = w.reduce((a, b) => a + b, 0);
    Array.from(topkInclusionProbabilities(w, 1)).forEach((p, i) => expect(p).toBeCloseTo((w[i] as number) / total, 10));
    Array.from(topkInclusionProbabilities(new Array<number>(160).fill(2), 6)).forEach((p) =>
      expect(p).toBeCloseTo(6 / 160, 10),
    );
    const zipf = Array.from({ length: 160 }, (_, r) => (r + 1) ** -1.2);
    const p = topkInclusionProbabilities(zipf, 6);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(6, 7);
    for (let r = 1; r < 160; r++) expect(p[r]).toBeLessThanOrEqual(p[r - 1] as number);
  });
});

/**
 * A token includes expert e independently of every other token, so the count of
 * e over n token-layer events is exactly Binomial(n, p_e). Each expert is tested
 * with a two-sided z test at |z| < 5 (p = 5.7e-7 per expert; with 256 and 640
 * experts the family-wise false-alarm rate is below 4e-4).
 */
function maxAbsZ(freq: Float64Array, p: Float64Array, eventsPerLayer: number, from: number, to: number): number {
  let worst = 0;
  for (let e = from; e < to; e++) {
    const pe = p[e] as number;
    const sd = Math.sqrt(eventsPerLayer * pe * (1 - pe));
    worst = Math.max(worst, Math.abs(((freq[e] as number) - pe) * eventsPerLayer) / sd);
  }
  return worst;
}

describe('empirical expert frequencies match the analytic model', () => {
  it('Mixtral config (8 experts, top-2, Zipf 1.2): 16,000 tokens per layer, every expert within |z| < 5', () => {
    const cfg = shippedWorkload('workload_mixtral_8x7b.yaml');
    const src = createLogicalSource(cfg, { stepsPerChunk: 25 });
    const freq = empiricalExpertFrequencies(
      Array.from({ length: src.chunkCount }, (_, i) => src.chunk(i)),
      cfg.moe,
    );
    const p = analyticExpertSelectionProbability(cfg);
    expect(maxAbsZ(freq, p, 16_000, 0, 256)).toBeLessThan(5);
  });
  it('DeepSeek-V2 shape (160 experts, top-6 + 2 shared): 24,000 tokens per layer within |z| < 5; shared experts always', () => {
    const cfg = workload({
      layers: 4,
      experts: 160,
      shared: 2,
      topk: 6,
      zipf: 1.2,
      microBatch: 32,
      steps: 750,
      seed: 3,
    });
    const src = createLogicalSource(cfg, { stepsPerChunk: 50 });
    const counts = emptyExpertSelectionCounts(cfg.moe);
    for (let i = 0; i < src.chunkCount; i++) countExpertSelections(src.chunk(i), counts);
    const freq = selectionFrequencies(counts, cfg.moe);
    const p = analyticExpertSelectionProbability(cfg);
    expect(maxAbsZ(freq, p, 24_000, 0, 640)).toBeLessThan(5);
    expect(Array.from(freq.subarray(640))).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });
  it('a wrong model is detected: the same counts against uniform heat fail the test', () => {
    const cfg = shippedWorkload('workload_mixtral_8x7b.yaml');
    const src = createLogicalSource(cfg, { stepsPerChunk: 100 });
    const freq = empiricalExpertFrequencies([src.chunk(0)], cfg.moe);
    expect(maxAbsZ(freq, new Float64Array(256).fill(2 / 8), 3_200, 0, 256)).toBeGreaterThan(5);
  });
});

describe('analyticExpertSelectionProbability', () => {
  it('sums to topk per layer, is 1 for shared experts, and puts the hot experts on different indices per layer', () => {
    const cfg = shippedWorkload('workload_deepseek_v2.yaml');
    const p = analyticExpertSelectionProbability(cfg);
    expect(p.length).toBe(60 * 162);
    const hottest = new Set<number>();
    for (let l = 0; l < 60; l++) {
      const layer = p.subarray(l * 160, (l + 1) * 160);
      expect(layer.reduce((a, b) => a + b, 0)).toBeCloseTo(6, 7);
      hottest.add(layer.indexOf(Math.max(...layer)));
    }
    expect(hottest.size).toBeGreaterThan(20);
    expect(Array.from(p.subarray(9600)).every((x) => x === 1)).toBe(true);
  });
  it('depends on the seed only through the per-layer permutation', () => {
    const a = analyticExpertSelectionProbability(workload({ seed: 1 }));
    const b = analyticExpertSelectionProbability(workload({ seed: 1 }), { seed: 2 });
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(a).sort()).toEqual(Array.from(b).sort());
  });
});
