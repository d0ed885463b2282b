import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRefreshCurve, compiledRefreshMultiplier } from './compiled-refresh-curve.js';
import { refreshMultiplier } from './refresh-multiplier.js';

describe('compiled refresh curve', () => {
  const curve = [
    [40, 1],
    [55, 2],
    [70, 4],
    [85, 8],
  ] as const;
  const compiled = compileRefreshCurve(curve);

  it('gives the same multiplier as refreshMultiplier at and around every point, and anywhere (property)', () => {
    for (const [t] of curve)
      for (const d of [-1e-9, 0, 1e-9])
        expect(compiledRefreshMultiplier(t + d, compiled)).toBe(refreshMultiplier(t + d, curve));
    fc.assert(
      fc.property(fc.double({ min: -100, max: 200, noNaN: true }), (t) => {
        expect(compiledRefreshMultiplier(t, compiled)).toBe(refreshMultiplier(t, curve));
      }),
    );
  });

  it('validates the curve it compiles', () => {
    expect(() =>
      compileRefreshCurve([
        [50, 1],
        [40, 2],
      ]),
    ).toThrow(expect.objectContaining({ code: 'REFRESH_INPUT' }));
  });
});
