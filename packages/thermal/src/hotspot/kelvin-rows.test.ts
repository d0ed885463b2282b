import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KelvinRows } from './kelvin-rows.js';
import { formatTemperatureRow } from './trace.js';

const text = (w: KelvinRows): string => new TextDecoder().decode(w.bytes());

describe('KelvinRows', () => {
  it('writes exactly the text of formatTemperatureRow, row after row', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.oneof(
              fc.double({ min: 200, max: 500, noNaN: true }),
              fc.double({ min: -10, max: 1e14, noNaN: true }),
              fc.integer({ min: 250, max: 400 }).map((k) => k + 0.005), // rounding ties go to toFixed
              fc.constantFrom(0, 0.999, 1, 1e15, 1e20, Number.NaN, Number.POSITIVE_INFINITY),
            ),
            { maxLength: 40 },
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (rows) => {
          const w = new KelvinRows();
          for (const r of rows) w.push(r);
          expect(text(w)).toBe(rows.map((r) => formatTemperatureRow(r)).join(''));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('grows past its first buffer', () => {
    const w = new KelvinRows();
    const row = Array.from({ length: 8256 }, (_, i) => 318.15 + i * 1e-3);
    for (let r = 0; r < 3; r++) w.push(row);
    expect(text(w)).toBe(formatTemperatureRow(row).repeat(3));
  });
});
