import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber } from './format-number.js';

/** The definition: 6 significant digits, then the shortest text of the nearest double. */
const reference = (x: number): string =>
  !Number.isFinite(x) || Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));

describe('formatNumber', () => {
  it('is the string round trip for any double', () => {
    fc.assert(
      fc.property(fc.double(), (x) => formatNumber(x) === reference(x)),
      { numRuns: 200_000 },
    );
  });

  it('is the string round trip across magnitudes (uniform mantissa, exponents 1e-9..1e16)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.integer({ min: -9, max: 16 }),
        fc.boolean(),
        (m, e, neg) => {
          const x = (neg ? -m : m) * 10 ** e;
          return formatNumber(x) === reference(x);
        },
      ),
      { numRuns: 200_000 },
    );
  });

  it('is the string round trip at decimal ties and next to powers of ten', () => {
    const xs: number[] = [];
    for (let e = -8; e <= 15; e++)
      for (const m of [1, 1.000005, 1.0000050001, 9.999995, 9.99999499999, 9.99999500001, 9.9999995, 1.234565, 5.55555])
        xs.push(m * 10 ** e, -m * 10 ** e);
    for (let d = 100000; d < 100100; d++) xs.push((d + 0.5) / 1e3, (d + 0.5) / 1e8, (d + 0.5) * 1e3);
    xs.push(0.1, 0.2, 0.3, 1e-6, 9.99999e-7, 1e-7, 123456.5, 99999.95, 99.99995, 0.000001234565, 5e-324, -0);
    for (const x of xs) expect(formatNumber(x), String(x)).toBe(reference(x));
  });

  it('writes typical loop values', () => {
    expect(formatNumber(75.142517499)).toBe('75.1425');
    expect(formatNumber(0.00012345678)).toBe('0.000123457');
    expect(formatNumber(1234567.89)).toBe('1234570');
    expect(formatNumber(-2.5e-7)).toBe('-2.5e-7');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });
});
