import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellCdf, expectedMax, layerExpectedMax } from './layer-expected-max.js';

/** E[max_c count] by enumerating every outcome of every task. */
function bruteForce(cells: number[][]): number {
  const all = cells.flatMap((qs, c) => qs.map((q) => ({ c, q })));
  let e = 0;
  for (let mask = 0; mask < 1 << all.length; mask++) {
    const count = new Array(cells.length).fill(0);
    let pr = 1;
    all.forEach((t, k) => {
      const on = (mask >> k) & 1;
      pr *= on ? t.q : 1 - t.q;
      if (on) count[t.c]++;
    });
    e += pr * Math.max(0, ...count);
  }
  return e;
}

describe('expected tasks on the busiest core', () => {
  it('the CDF of a core is Poisson-binomial', () => {
    const f = cellCdf([0.5, 0.5]);
    expect(Array.from(f)).toEqual([0.25, 0.75, 1]);
    expect(Array.from(cellCdf([]))).toEqual([1]);
  });

  it('matches enumeration on random small layers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }), {
          minLength: 1,
          maxLength: 4,
        }),
        (cells) => {
          expect(expectedMax(cells.map((qs) => cellCdf(qs)))).toBeCloseTo(bruteForce(cells), 10);
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });

  it('same expected busy time, more tasks in the tail: the max of means misses it, the expected max does not', () => {
    // Core 0: two experts every micro-batch uses; core 1 either the same (a) or four used half the time (b).
    // Both put 2 expected tasks on each core, so max_c E[tasks] = 2 for both.
    const a = layerExpectedMax(1, 2, [0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 1, 1]);
    const b = layerExpectedMax(1, 2, [0, 0, 0, 0, 0, 0], [1, 1, 0.5, 0.5, 0.5, 0.5], [0, 0, 1, 1, 1, 1]);
    expect(a[0]).toBeCloseTo(2, 15);
    // Core 1 runs X ~ Binomial(4, 1/2) tasks: E[max(2, X)] = 2 + P(X >= 3) + P(X = 4) = 2 + 5/16 + 1/16.
    expect(b[0]).toBeCloseTo(2 + 5 / 16 + 1 / 16, 15);
  });
});
