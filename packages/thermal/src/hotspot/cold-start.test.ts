/**
 * Step-length independence of the transient on the reference stack (../shared/reference/hotspot):
 * the inputs of case d_transient, but every node starting at -init_temp 318.15 (a cold start,
 * far from steady state, where a per-step relative error shows most), 20 rows of 3 ms.
 * References: the solver's own run with many sub-steps per row, and an independent
 * integrator (the 5-stage rational scheme) sub-stepped until converged.
 */
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR, REFERENCE_SKIP_REASON } from '../../test/reference-dir.js';
import { referenceRun } from '../../test/reference-run.js';
import type { ThermalSimulatorOptions } from '../solver/thermal-simulator.js';

const TOL = 0.02;
const ROW_S = 0.003;

/** Cell temperatures after each row, each row split into `sub` equal steps. */
function coldStart(grid: number, sub: number, opts: ThermalSimulatorOptions = {}, rows = 20): Float64Array[] {
  const { run, power } = referenceRun(REFERENCE_DIR ?? '', grid, opts);
  run.sim.setUniform(318.15);
  return power.rows.slice(0, rows).map((row) => {
    const p = run.cellPower([row]);
    for (let s = 0; s < sub; s++) run.sim.step(p, ROW_S / sub);
    return Float64Array.from(run.sim.cellTemperatures(run.cells));
  });
}

function maxDiff(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  let m = 0;
  a.forEach((r, i) => r.forEach((v, k) => (m = Math.max(m, Math.abs(v - (b[i] as Float64Array)[k]!)))));
  return m;
}

const suite = REFERENCE_DIR === undefined ? describe.skip : describe;
if (REFERENCE_DIR === undefined) console.warn(REFERENCE_SKIP_REASON);

suite('cold-start transient of the reference stack', () => {
  it(`32x32: one step per row within ${TOL} K of 64 sub-steps and of the converged rational scheme; the rational scheme alone is not`, () => {
    const one = coldStart(32, 1),
      conv = coldStart(32, 64);
    expect(maxDiff(one, conv)).toBeLessThanOrEqual(TOL);
    // independent integrator, 32 sub-steps of 94 us (its error shrinks ~1/sub)
    expect(maxDiff(coldStart(32, 32, { integrator: 'rational' }), conv)).toBeLessThanOrEqual(TOL);
    // the failure this guards against: one 5-stage rational step per 3 ms row is off by ~0.1 K
    expect(maxDiff(coldStart(32, 1, { integrator: 'rational' }), conv)).toBeGreaterThan(0.05);
  }, 60_000);

  it(`64x64: one step per row within ${TOL} K of 16 sub-steps and of the sub-stepped rational scheme (20 rows)`, () => {
    const conv = coldStart(64, 16);
    // measured 3.6e-5 K
    expect(maxDiff(coldStart(64, 1), conv)).toBeLessThanOrEqual(TOL);
    // independent integrator, 16 sub-steps of 188 us: measured 0.0085 K
    expect(maxDiff(coldStart(64, 16, { integrator: 'rational' }), conv)).toBeLessThanOrEqual(TOL);
  }, 120_000);

  it(`step-length sweep 0.1 ms .. 1 s at 16x16: the state after 1 s of constant power within ${TOL} K of 0.1 ms steps`, () => {
    const { run, power } = referenceRun(REFERENCE_DIR ?? '', 16);
    const p = Float64Array.from(run.cellPower([power.rows[0] as Float64Array]));
    const after = (dt: number): Float64Array => {
      run.sim.setUniform(318.15);
      const n = Math.round(1 / dt);
      for (let s = 0; s < n; s++) run.sim.step(p, dt);
      return Float64Array.from(run.sim.cellTemperatures(run.cells));
    };
    const ref = after(1e-4);
    const rise = Math.max(...ref.map((v) => v - 318.15));
    expect(rise).toBeGreaterThan(5); // the package has moved: a real test of the slow modes
    for (const dt of [3e-4, 1e-3, 3e-3, 1e-2, 0.1, 1]) expect(maxDiff([after(dt)], [ref])).toBeLessThanOrEqual(TOL);
  }, 60_000);
});
