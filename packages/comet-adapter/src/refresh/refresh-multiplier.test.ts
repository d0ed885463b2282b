import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PowerModelError } from '../power/errors.js';
import { refreshMultiplier, validateRefreshCurve, type RefreshCurve } from './refresh-multiplier.js';

const SEED_CURVE: RefreshCurve = [
  [40, 1.0],
  [55, 2.0],
  [70, 4.0],
  [85, 8.0],
];
/** DDR4 as datasheets give it (automotive parts extend to 125 C); boundaries at-or-above. */
const JEDEC_CURVE: RefreshCurve = [
  [-40, 1],
  [85, 2],
  [95, 4],
  [105, 8],
];
const EPS = 1e-9;

describe('refreshMultiplier', () => {
  it('is the first multiplier below the first point', () => {
    expect(refreshMultiplier(40 - EPS, SEED_CURVE)).toBe(1);
    expect(refreshMultiplier(-273, SEED_CURVE)).toBe(1);
    expect(refreshMultiplier(-41, JEDEC_CURVE)).toBe(1);
    expect(
      refreshMultiplier(0, [
        [20, 1.5],
        [80, 3],
      ]),
    ).toBe(1.5);
  });

  it.each([
    [40, 1, 1, 1],
    [55, 1, 2, 2],
    [70, 2, 4, 4],
    [85, 4, 8, 8],
  ])('seed curve at %s C: just below %s, at %s, just above %s', (t, below, at, above) => {
    expect(refreshMultiplier(t - EPS, SEED_CURVE)).toBe(below);
    expect(refreshMultiplier(t, SEED_CURVE)).toBe(at);
    expect(refreshMultiplier(t + EPS, SEED_CURVE)).toBe(above);
  });

  it.each([
    [85, 1, 2, 2],
    [95, 2, 4, 4],
    [105, 4, 8, 8],
  ])('JEDEC-like curve at %s C: just below %s, at %s, just above %s', (t, below, at, above) => {
    expect(refreshMultiplier(t - EPS, JEDEC_CURVE)).toBe(below);
    expect(refreshMultiplier(t, JEDEC_CURVE)).toBe(at);
    expect(refreshMultiplier(t + EPS, JEDEC_CURVE)).toBe(above);
  });

  it('stays at the last multiplier far above the last point', () => {
    expect(refreshMultiplier(500, SEED_CURVE)).toBe(8);
  });

  it('handles a one-point curve', () => {
    expect(refreshMultiplier(-10, [[0, 2]])).toBe(2);
    expect(refreshMultiplier(10, [[0, 2]])).toBe(2);
  });

  it('rejects an empty curve and a NaN temperature', () => {
    expect(() => refreshMultiplier(50, [])).toThrow(PowerModelError);
    expect(() => refreshMultiplier(Number.NaN, SEED_CURVE)).toThrow(expect.objectContaining({ code: 'REFRESH_INPUT' }));
  });

  it('is non-decreasing in temperature for any curve with non-decreasing multipliers', () => {
    const curve = fc.uniqueArray(fc.integer({ min: -50, max: 150 }), { minLength: 1, maxLength: 6 }).chain((ts) =>
      fc
        .array(fc.double({ min: 0.25, max: 4, noNaN: true }), { minLength: ts.length, maxLength: ts.length })
        .map((ms) => {
          const sortedT = [...ts].sort((a, b) => a - b);
          let m = 0;
          return sortedT.map((t, i) => {
            m += ms[i] as number;
            return [t, m] as const;
          });
        }),
    );
    fc.assert(
      fc.property(
        curve,
        fc.double({ min: -100, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (c, t, dt) => {
          expect(refreshMultiplier(t + dt, c)).toBeGreaterThanOrEqual(refreshMultiplier(t, c));
        },
      ),
    );
  });
});

describe('validateRefreshCurve', () => {
  it('accepts the seed and JEDEC curves', () => {
    expect(() => validateRefreshCurve(SEED_CURVE)).not.toThrow();
    expect(() => validateRefreshCurve(JEDEC_CURVE)).not.toThrow();
  });
  it('rejects empty, non-increasing temperatures and non-positive multipliers', () => {
    expect(() => validateRefreshCurve([])).toThrow(/empty/);
    expect(() =>
      validateRefreshCurve([
        [50, 1],
        [50, 2],
      ]),
    ).toThrow(/increase strictly/);
    expect(() =>
      validateRefreshCurve([
        [50, 1],
        [60, 0],
      ]),
    ).toThrow(/positive multiplier/);
  });
});
