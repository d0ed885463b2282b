import { describe, expect, it } from 'vitest';
import { Dct2d, dctBasis } from './dct.js';

describe('Dct2d', () => {
  for (const [R, C] of [
    [1, 1],
    [2, 8],
    [8, 8],
    [16, 16],
    [32, 16],
    [8, 32],
    [32, 32],
    [16, 4],
    [6, 5],
    [3, 12],
  ] as const) {
    it(`${R}x${C}: forward equals the orthonormal basis projection and inverse restores the input`, () => {
      const d = new Dct2d(R, C);
      const x = Float64Array.from({ length: R * C }, (_, k) => Math.sin(k * 1.7) + 0.1 * k);
      const s = new Float64Array(R * C);
      d.forward(x, 0, s, 0);
      for (const [p, q] of [
        [0, 0],
        [C - 1, R - 1],
        [Math.floor(C / 2), 0],
      ] as const) {
        let ref = 0;
        for (let i = 0; i < R; i++)
          for (let j = 0; j < C; j++) ref += x[i * C + j]! * dctBasis(R, i, q) * dctBasis(C, j, p);
        expect(s[p * R + q]).toBeCloseTo(ref, 10);
      }
      const back = new Float64Array(R * C);
      d.inverse(s, 0, back, 0);
      for (let k = 0; k < R * C; k++) expect(back[k]).toBeCloseTo(x[k]!, 10);
    });
  }
});
