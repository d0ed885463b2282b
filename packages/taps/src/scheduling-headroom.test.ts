/**
 * The headroom LP against closed forms (2 cores: the optimum equalises the two temperatures when
 * it can, else all movable power goes to the cooler core; tolerance 1e-6 K) and against a
 * brute-force search of the simplex (3 cores, 1/300 steps; tolerance the grid's own error); with
 * reads, a 2-core closed form.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schedulingHeadroom } from './scheduling-headroom.js';

/** Temperatures of powers p over background b. */
function temps(h: number[], b: number[], p: number[]): number[] {
  const n = b.length;
  return b.map((bc, c) => bc + p.reduce((s, pj, j) => s + (h[c * n + j] as number) * pj, 0));
}

describe('schedulingHeadroom', () => {
  it('2 cores: equalises the temperatures (closed form)', async () => {
    const a = 2.5;
    const k = 0.4;
    const h = [a, k, k, a];
    const [b0, b1] = [70, 69];
    const b = [b0, b1];
    const m = [0.6, 0.2]; // as the run has it: 0.8 W, most on the hotter core
    const coreC = temps(h, b, m);
    const r = await schedulingHeadroom({ h: Float64Array.from(h), coreC, movableW: m });
    // b0 + a p0 + k p1 = b1 + k p0 + a p1, p0 + p1 = 0.8
    const p0 = (b1 - b0 + (a - k) * 0.8) / (2 * (a - k));
    const opt = b0 + a * p0 + k * (0.8 - p0);
    expect(r.peakC).toBeCloseTo(Math.max(...coreC), 12);
    expect(Math.abs(r.bestPeakC - opt)).toBeLessThan(1e-6);
    expect(r.evenPeakC).toBeGreaterThan(opt);
    expect(r.movableW).toBeCloseTo(0.8, 12);
  });

  it('2 cores: all of it on the cooler core when equal temperatures are out of reach', async () => {
    const h = [2, 0.5, 0.5, 2];
    const b0 = 80;
    const b = [b0, 70];
    const m = [0.5, 0.5];
    const r = await schedulingHeadroom({ h: Float64Array.from(h), coreC: temps(h, b, m), movableW: m });
    const opt = b0 + 0.5 * 1; // p = (0, 1): core 0 at 80.5, core 1 at 72
    expect(Math.abs(r.bestPeakC - opt)).toBeLessThan(1e-6);
    expect(r.bestW[1]).toBeCloseTo(1, 6);
  });

  it('3 cores: the brute-force optimum of the simplex', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ min: 0.05, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: 0, max: 0.8, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: 60, max: 64, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
        async (diag, off, b, m) => {
          // symmetric, diagonally dominant like a conductance inverse
          const o = [off[0] as number, off[1] as number, off[2] as number].map((v, i) =>
            Math.min(v, (diag[i] as number) / 2),
          );
          const h = [diag[0], o[0], o[1], o[0], diag[1], o[2], o[1], o[2], diag[2]] as number[];
          const total = m.reduce((s, v) => s + v, 0);
          const r = await schedulingHeadroom({ h: Float64Array.from(h), coreC: temps(h, b, m), movableW: m });
          let opt = Infinity;
          const steps = 300;
          for (let i = 0; i <= steps; i++)
            for (let j = 0; i + j <= steps; j++) {
              const p = [(i / steps) * total, (j / steps) * total, ((steps - i - j) / steps) * total];
              opt = Math.min(opt, Math.max(...temps(h, b, p)));
            }
          // the grid's optimum is within (step x max H) of the true one, above it
          const gridErr = (total / steps) * Math.max(...h) * 2;
          expect(r.bestPeakC).toBeLessThanOrEqual(opt + 1e-6);
          expect(r.bestPeakC).toBeGreaterThanOrEqual(opt - gridErr - 1e-6);
          expect(r.bestPeakC).toBeLessThanOrEqual(r.evenPeakC);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('never answers above the even spread (a flat instance where the LP tolerance did, by 1e-9 K)', async () => {
    // fast-check's counterexample of 2026-12-08: the solver's answer peaked 1.0e-9 K above the even spread
    const h = [0.05, 0, 0.6475170977392942, 0, 1.2950341954785884, 0, 0.6475170977392942, 0, 0.05];
    const b = [60, 60, 60.000000000469264];
    const m = [0, 2.458945156577233e-9, 0];
    const r = await schedulingHeadroom({ h: Float64Array.from(h), coreC: temps(h, b, m), movableW: m });
    expect(r.bestPeakC).toBeLessThanOrEqual(r.evenPeakC);
    expect(r.bestW.reduce((s, v) => s + v, 0)).toBeCloseTo(2.458945156577233e-9, 20);
  });

  it('2 cores with reads: core power and reads move together; closed form when every watt is best on core 1', async () => {
    // b0 is so much hotter that the optimum puts all core power and all reads on core 1.
    const h = [2, 0.5, 0.5, 2];
    const a = [1.2, 0.6, 0.6, 1.2];
    const b = [80, 70];
    const m = [0.4, 0.4];
    const r0 = [1.5, 1.5];
    const coreC = temps(h, b, m).map((t, c) => t + (a[c * 2] as number) * 1.5 + (a[c * 2 + 1] as number) * 1.5);
    const res = await schedulingHeadroom({
      h: Float64Array.from(h),
      coreC,
      movableW: m,
      reads: { a: Float64Array.from(a), movableW: r0 },
    });
    // p = (0, 0.8), r = (0, 3): core 0 at 80 + 0.5 x 0.8 + 0.6 x 3 = 82.2, core 1 at 70 + 1.6 + 3.6
    expect(Math.abs(res.bestPeakC - 82.2)).toBeLessThan(1e-6);
    expect(res.readsW).toBeCloseTo(3, 12);
    expect(res.bestReadsW[1]).toBeCloseTo(3, 6);
    expect(res.bestW[1]).toBeCloseTo(0.8, 6);
    // without the reads the same temperatures allow less: only the 0.8 W moves, core 0 keeps its
    // 2.7 K of reads: 80 + 2.7 + 0.5 x 0.8
    const coreOnly = await schedulingHeadroom({ h: Float64Array.from(h), coreC, movableW: m });
    expect(Math.abs(coreOnly.bestPeakC - 83.1)).toBeLessThan(1e-6);
    expect(coreOnly.readsW).toBe(0);
  });
});
