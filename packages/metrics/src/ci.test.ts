import { describe, expect, it } from 'vitest';
import { meanCi95, tQuantile975 } from './ci.js';

describe('95 % t-interval of a mean', () => {
  it('n = 3: mean +- t(0.975, 2) s / sqrt(3), hand-computed', () => {
    // 1, 2, 3: mean 2, s = 1, half-width 4.303 / sqrt(3) = 2.48434
    const ci = meanCi95([1, 2, 3]);
    expect(ci?.mean).toBe(2);
    expect(ci?.high).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 12);
    expect(ci?.low).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 12);
    expect(ci?.n).toBe(3);
  });
  it('one value has no interval; non-finite values are left out; none is undefined', () => {
    expect(meanCi95([5])).toEqual({ mean: 5, low: 5, high: 5, n: 1 });
    expect(meanCi95([5, Number.NaN])).toEqual({ mean: 5, low: 5, high: 5, n: 1 });
    expect(meanCi95([])).toBeUndefined();
  });
  it('quantiles: table values, the expansion beyond, the normal limit (reference: standard t tables)', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(40)).toBeCloseTo(2.021, 3);
    expect(tQuantile975(120)).toBeCloseTo(1.98, 3);
    expect(tQuantile975(1e9)).toBeCloseTo(1.96, 3);
    expect(tQuantile975(0)).toBeNaN();
  });
});
