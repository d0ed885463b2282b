import { describe, expect, it } from 'vitest';
import { smallWorkload as workload } from './__fixtures__/configs.js';
import {
  analyticExpertHeat,
  expertsOfLayer,
  layerOfExpert,
  normaliseExpertHeat,
  topkInclusionProbabilities,
  zipfWeights,
} from './routing-heat.js';

/** Brute force: enumerate every ordered draw without replacement. */
function bruteInclusion(w: number[], k: number): number[] {
  const n = w.length;
  const p = new Array<number>(n).fill(0);
  const used = new Array<boolean>(n).fill(false);
  const rec = (depth: number, prob: number, rest: number, chosen: number[]) => {
    if (depth === k) {
      for (const c of chosen) p[c] = (p[c] as number) + prob;
      return;
    }
    for (let j = 0; j < n; j++) {
      if (used[j]) continue;
      used[j] = true;
      chosen.push(j);
      rec(depth + 1, (prob * (w[j] as number)) / rest, rest - (w[j] as number), chosen);
      chosen.pop();
      used[j] = false;
    }
  };
  rec(
    0,
    1,
    w.reduce((a, b) => a + b, 0),
    [],
  );
  return p;
}

describe('top-k inclusion probabilities', () => {
  it.each([
    [8, 2, 1.2],
    [7, 3, 0.7],
    [6, 5, 2.0],
    [5, 1, 1.0],
  ])('match brute-force enumeration (n=%i, k=%i, s=%f)', (n, k, s) => {
    const w = Array.from(zipfWeights(n, s));
    const exact = bruteInclusion(w, k);
    const got = topkInclusionProbabilities(w, k);
    for (let i = 0; i < n; i++) expect(Math.abs((got[i] as number) - (exact[i] as number))).toBeLessThan(1e-10);
  });
  it('sum to topk and decrease with rank at DeepSeek size (160, top-6)', () => {
    const p = topkInclusionProbabilities(zipfWeights(160, 1.2), 6);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(6, 9);
    for (let i = 1; i < 160; i++) expect(p[i] as number).toBeLessThan(p[i - 1] as number);
    expect(p[0] as number).toBeLessThanOrEqual(1);
  });
  it('uniform popularity (s = 0) gives k/n each', () => {
    const p = topkInclusionProbabilities(zipfWeights(10, 0), 3);
    for (const v of p) expect(v).toBeCloseTo(0.3, 10);
  });
});

describe('expert numbering and heat', () => {
  it('numbers shared experts after all routed experts', () => {
    const w = workload({ layers: 3, epl: 4, shared: 2 });
    expect(expertsOfLayer(1, w)).toEqual([4, 5, 6, 7, 12 + 2, 12 + 3]);
    expect(layerOfExpert(14, w)).toBe(1);
    expect(layerOfExpert(17, w)).toBe(2);
    const f = analyticExpertHeat(w);
    expect(f.length).toBe(18);
    expect(f[12]).toBe(1);
    expect((f[0] as number) + (f[1] as number) + (f[2] as number) + (f[3] as number)).toBeCloseTo(2, 9);
  });
  it('normalises raw trace counts so routed heat sums to topk and shared heat is 1', () => {
    const w = workload({ layers: 2, epl: 4, shared: 1, topk: 2 });
    // 100 tokens per layer: 200 routed selections, 100 shared selections.
    const raw = [90, 60, 30, 20, 50, 50, 50, 50, 100, 100];
    const f = normaliseExpertHeat(raw, w);
    expect(Array.from(f)).toEqual([0.9, 0.6, 0.3, 0.2, 0.5, 0.5, 0.5, 0.5, 1, 1]);
    expect(Array.from(normaliseExpertHeat(f, w))).toEqual(Array.from(f));
    expect(() => normaliseExpertHeat([1, 2], w)).toThrow(/expected 10/);
    expect(() => normaliseExpertHeat([0, 0, 0, 0, 1, 1, 1, 1, 1, 1], w)).toThrow(/layer 0/);
    expect(() => normaliseExpertHeat([-1, 0, 0, 0, 1, 1, 1, 1, 1, 1], w)).toThrow(/>= 0/);
  });
});
