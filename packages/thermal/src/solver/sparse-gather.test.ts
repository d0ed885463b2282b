import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SparseGather } from './sparse-gather.js';

type Entries = (readonly (readonly [number, number])[])[];

/** Plain CSR reference. */
function reference(
  rows: readonly number[],
  entries: Entries,
  x: Float64Array,
  yLength: number,
  offset: number,
): Float64Array {
  const y = new Float64Array(yLength).fill(-7);
  rows.forEach((r, t) => {
    let s = 0;
    for (const [c, w] of entries[t] ?? []) s += w * (x[c] as number);
    y[r] = s + offset;
  });
  return y;
}

/** The loop's layouts on an n x n bank grid over (n/2) x (n/2) cells: banks -> cells (2x2, weight 1) and cells -> banks (fan-out). */
function bankMaps(n: number): { powerRows: number[]; power: Entries; meanRows: number[]; means: Entries } {
  const h = n / 2;
  const powerRows: number[] = [],
    power: Entries = [],
    meanRows: number[] = [],
    means: Entries = [];
  for (let cy = 0; cy < h; cy++) {
    for (let cx = 0; cx < h; cx++) {
      const b = 2 * cy * n + 2 * cx;
      powerRows.push(cy * h + cx);
      power.push([
        [b, 1],
        [b + 1, 1],
        [b + n, 1],
        [b + n + 1, 1],
      ]);
    }
  }
  for (let b = 0; b < n * n; b++) {
    meanRows.push(b);
    means.push([[Math.floor(Math.floor(b / n) / 2) * h + Math.floor((b % n) / 2), 1]]);
  }
  return { powerRows, power, meanRows, means };
}

describe('SparseGather', () => {
  it('regular layouts (base + offsets, fan-out) give the CSR result bit for bit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(4, 8, 32),
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1024, maxLength: 1024 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (n, vals, off) => {
          const { powerRows, power, meanRows, means } = bankMaps(n);
          const x = Float64Array.from(vals.slice(0, n * n));
          const g = new SparseGather(powerRows, power);
          const y = new Float64Array(powerRows.length).fill(-7);
          g.apply(x, y, off);
          expect(y).toEqual(reference(powerRows, power, x, powerRows.length, off));
          const y2 = new Float64Array(powerRows.length);
          expect(g.applyNonNegative(x, y2)).toBe(true);
          expect(y2).toEqual(reference(powerRows, power, x, powerRows.length, 0));
          const cells = Float64Array.from(vals.slice(0, (n / 2) ** 2));
          const m = new SparseGather(meanRows, means);
          const yb = new Float64Array(n * n);
          m.apply(cells, yb, off);
          expect(yb).toEqual(reference(meanRows, means, cells, n * n, off));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('irregular maps (mixed entry counts, weights, scattered rows) give the CSR result', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.tuple(fc.integer({ min: 0, max: 19 }), fc.double({ min: 0.1, max: 2, noNaN: true })), {
            minLength: 1,
            maxLength: 5,
          }),
          { minLength: 1, maxLength: 30 },
        ),
        fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 20, maxLength: 20 }),
        (entries, vals) => {
          const rows = entries.map((_, t) => ((t * 7) % 31) + 31 * Math.floor(t / 31));
          const x = Float64Array.from(vals);
          const g = new SparseGather(rows, entries);
          const y = new Float64Array(62).fill(-7);
          g.apply(x, y, 0.5);
          const ref = reference(rows, entries, x, 62, 0.5);
          y.forEach((v, i) => expect(v).toBeCloseTo(ref[i] as number, 12));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('applyNonNegative reports a negative, NaN or infinite value in the regular 2x2 layout', () => {
    const { powerRows, power } = bankMaps(8);
    const g = new SparseGather(powerRows, power);
    for (const bad of [-1e-9, NaN, Infinity, -Infinity]) {
      for (const at of [0, 9, 63]) {
        const x = new Float64Array(64).fill(0.5);
        x[at] = bad;
        expect(g.applyNonNegative(x, new Float64Array(16))).toBe(false);
      }
    }
    expect(g.applyNonNegative(new Float64Array(64).fill(0.5), new Float64Array(16))).toBe(true);
  });
});
