import { describe, expect, it } from 'vitest';
import { layer, smallStack, tiles } from '../../test/small-stacks.js';
import { buildGridModel } from './grid-model.js';
import { spreadBlockPower } from './grid-map.js';
import { SpectralSolver } from './spectral-solver.js';
import { HOTSPOT_DEFAULT_PACKAGE, type StackDescription } from './stack.js';
import { ThermalSimulator, UNCOUPLED_STAGE_MIN_RATIO } from './thermal-simulator.js';
import { RATIONAL_SCHEMES } from './transient-scheme.js';

const model = buildGridModel(smallStack(HOTSPOT_DEFAULT_PACKAGE), { rows: 8, cols: 8 });
const M = 64;

function power(hot: number): Float64Array {
  const p = new Float64Array(model.layers.length * M);
  model.layers.forEach((l, n) => {
    if (!l.dissipatesPower) return;
    const bp = Float64Array.from({ length: l.map.blockCount }, (_, b) => (l.name === 'logic' && b === 0 ? hot : 0.2));
    spreadBlockPower(l.map, bp, 0, p, n * M);
  });
  return p;
}

describe('anisotropic layers (homogenised composites)', () => {
  it('lateral links use the in-plane conductivity, vertical links the through-thickness one', () => {
    const W = 0.01;
    const base: StackDescription = {
      layers: [layer('a', 1e-4, 2, 1.75e6, tiles('a', 1, 1, W, W)), layer('b', 1e-4, 100, 1.75e6, tiles('b', 1, 1, W, W))],
      boundary: { kind: 'convective', heatTransferCoefficientWm2K: 1e4 },
      ambientK: 300,
    };
    const aniso: StackDescription = { ...base, layers: [{ ...base.layers[0]!, lateralConductivityWmK: 50 }, base.layers[1]!] };
    const m0 = buildGridModel(base, { rows: 4, cols: 4 }), m1 = buildGridModel(aniso, { rows: 4, cols: 4 });
    expect(m1.layers[0]!.gEastWest).toBeCloseTo(m0.layers[0]!.gEastWest * 25, 12);
    expect(m1.layers[0]!.gNorthSouth).toBeCloseTo(m0.layers[0]!.gNorthSouth * 25, 12);
    expect(m1.gVertical[0]).toBe(m0.gVertical[0]);
    expect(m1.layers[0]!.lateralConductivityWmK).toBe(50);
    expect(m0.layers[0]!.lateralConductivityWmK).toBe(2);
  });
});

describe('solver building blocks of the fast transient', () => {
  const s = new SpectralSolver(model);
  const f = s.factor(1e-3);
  const x = Float64Array.from({ length: s.L * M }, (_, i) => Math.sin(i * 0.37) + 0.1 * (i % 5));
  const xp = Float64Array.from({ length: 12 }, (_, i) => 0.3 * i);
  const pHat = Float64Array.from({ length: s.L * M }, (_, i) => Math.cos(i * 0.11));

  it('residual(p, x) = p - G x (grid and periphery)', () => {
    const g = new Float64Array(s.L * M), gp = new Float64Array(12);
    s.applyG(x, xp, g, gp);
    const r = new Float64Array(s.L * M), rp = new Float64Array(12);
    s.residual(pHat, x, xp, r, rp);
    r.forEach((v, i) => expect(v).toBeCloseTo((pHat[i] as number) - (g[i] as number), 12));
    rp.forEach((v, i) => expect(v).toBeCloseTo(-(gp[i] as number), 12));
  });

  it('the fused uncoupled stage equals solveUncoupled + accumulateScaled', () => {
    const a1 = Float64Array.from(x), a2 = Float64Array.from(x);
    const acc1 = new Float64Array(s.L * M).fill(1), acc2 = new Float64Array(s.L * M).fill(1);
    const o1 = new Float64Array(12), o2 = new Float64Array(12);
    s.solveUncoupled(f, a1, xp, o1);
    s.accumulateScaled(a1, acc1, 0.7, f.cOverH);
    s.solveUncoupledAccumulate(f, a2, xp, o2, acc2, 0.7, f.cOverH);
    a1.forEach((v, i) => expect(a2[i]).toBeCloseTo(v, 10));
    acc1.forEach((v, i) => expect(acc2[i]).toBeCloseTo(v, 10));
    o1.forEach((v, i) => expect(o2[i]).toBe(v));
  });

  it('the fused exact stage equals solveUncorrected + correctAccumulate', () => {
    const a1 = Float64Array.from(x), a2 = Float64Array.from(x);
    const acc1 = new Float64Array(s.L * M).fill(1), acc2 = new Float64Array(s.L * M).fill(1);
    const o1 = new Float64Array(12), o2 = new Float64Array(12);
    s.solveUncorrected(f, a1, xp, o1);
    s.correctAccumulate(f, a1, acc1, 0.7, f.cOverH);
    s.solveCoupledAccumulate(f, a2, xp, o2, acc2, 0.7, f.cOverH);
    const scale = Math.max(...a1.map(Math.abs));
    a1.forEach((v, i) => expect(Math.abs((a2[i] as number) - v)).toBeLessThan(1e-11 * scale));
    acc1.forEach((v, i) => expect(Math.abs((acc2[i] as number) - v)).toBeLessThan(1e-11 * scale));
    o1.forEach((v, i) => expect(o2[i]).toBeCloseTo(v, 10));
  });

  it('transientStages (alternating elimination directions) equals the stages one by one', () => {
    const coeffs = Float64Array.from([1, 0.83, 2.6, -2]);
    for (const coupled of [0, 1, 2, 4]) {
      const x1 = Float64Array.from(x), x2 = Float64Array.from(x);
      const acc1 = new Float64Array(s.L * M).fill(1), acc2 = new Float64Array(s.L * M).fill(1);
      const r1 = Float64Array.from(xp), r2 = Float64Array.from(xp);
      const o1 = new Float64Array(12), o2 = new Float64Array(12);
      const ap1 = new Float64Array(12).fill(2), ap2 = new Float64Array(12).fill(2);
      coeffs.forEach((a, st) => {
        const scale = st === coeffs.length - 1 ? undefined : f.cOverH;
        if (st < coupled) s.solveCoupledAccumulate(f, x1, r1, o1, acc1, a, scale);
        else s.solveUncoupledAccumulate(f, x1, r1, o1, acc1, a, scale);
        for (let k = 0; k < 12; k++) {
          ap1[k] = (ap1[k] as number) + a * (o1[k] as number);
          r1[k] = (o1[k] as number) * (f.cpOverH[k] as number);
        }
      });
      s.transientStages(f, x2, r2, o2, acc2, ap2, coeffs, coupled);
      const scale = Math.max(...acc1.map(Math.abs));
      acc1.forEach((v, i) => expect(Math.abs((acc2[i] as number) - v)).toBeLessThan(1e-12 * scale));
      ap1.forEach((v, i) => expect(Math.abs((ap2[i] as number) - v)).toBeLessThan(1e-12 * scale));
    }
  });

  it('transientStep (residual fused with the first elimination) equals residual + transientStages', () => {
    const coeffs = Float64Array.from([1, 0.83, 2.6, -2]);
    for (const coupled of [0, 1, 4]) {
      const w = new Float64Array(s.L * M), rp = new Float64Array(12), o1 = new Float64Array(12);
      const acc1 = Float64Array.from(x), ap1 = Float64Array.from(xp);
      s.residual(pHat, acc1, ap1, w, rp);
      s.transientStages(f, w, rp, o1, acc1, ap1, coeffs, coupled);
      const acc2 = Float64Array.from(x), ap2 = Float64Array.from(xp);
      s.transientStep(f, pHat, acc2, ap2, new Float64Array(s.L * M), new Float64Array(12), new Float64Array(12), coeffs, coupled);
      const scale = Math.max(...acc1.map(Math.abs));
      acc1.forEach((v, i) => expect(Math.abs((acc2[i] as number) - v)).toBeLessThan(1e-12 * scale));
      ap1.forEach((v, i) => expect(Math.abs((ap2[i] as number) - v)).toBeLessThan(1e-12 * scale));
    }
  });

  it('an uncoupled factor refuses exact solves', () => {
    const u = s.factor(1e-3, false);
    expect(u.coupled).toBe(false);
    expect(() => s.solve(u, pHat, xp, new Float64Array(s.L * M), new Float64Array(12))).toThrow(/coupled/);
  });
});

describe('coupledStages < stages (package edge coupling only in the residual for the later stages)', () => {
  const hot = power(6), cool = power(0.5);

  it('keeps a steady state exactly (residual form)', () => {
    const sim = new ThermalSimulator(model, { stages: 4, coupledStages: 0 });
    sim.steady(hot);
    const before = sim.cellTemperatures();
    sim.step(hot, 3e-3);
    const after = sim.cellTemperatures();
    after.forEach((v, i) => expect(Math.abs(v - (before[i] as number))).toBeLessThan(1e-9));
  });

  it('tracks the exact scheme within a few hundredths of a kelvin at 3 ms steps', () => {
    const exact = new ThermalSimulator(model, { stages: 5 });
    const fast = new ThermalSimulator(model, { stages: 4, coupledStages: 1 });
    const cheapest = new ThermalSimulator(model, { stages: 4, coupledStages: 0 });
    for (const s of [exact, fast, cheapest]) s.steady(cool);
    let worstFast = 0, worstCheapest = 0;
    for (let k = 0; k < 20; k++) {
      const p = k % 8 < 4 ? hot : cool;
      for (const s of [exact, fast, cheapest]) s.step(p, 3e-3);
      const e = exact.cellTemperatures(), a = fast.cellTemperatures(), b = cheapest.cellTemperatures();
      e.forEach((v, i) => {
        worstFast = Math.max(worstFast, Math.abs((a[i] as number) - v));
        worstCheapest = Math.max(worstCheapest, Math.abs((b[i] as number) - v));
      });
    }
    expect(worstFast).toBeLessThan(0.05);
    expect(worstCheapest).toBeLessThan(0.3);
  });

  it('falls back to coupled stages for long steps (where left-out links would cost accuracy and stability)', () => {
    const exact = new ThermalSimulator(model, { stages: 4 });
    const fast = new ThermalSimulator(model, { stages: 4, coupledStages: 0 });
    expect(exact.solver.edgeCouplingRatio(RATIONAL_SCHEMES[4].gamma * 3e-3)).toBeGreaterThanOrEqual(UNCOUPLED_STAGE_MIN_RATIO);
    expect(exact.solver.edgeCouplingRatio(RATIONAL_SCHEMES[4].gamma * 0.5)).toBeLessThan(UNCOUPLED_STAGE_MIN_RATIO);
    for (const s of [exact, fast]) s.steady(cool);
    for (let k = 0; k < 10; k++) for (const s of [exact, fast]) s.step(k % 2 ? hot : cool, 0.5);
    const a = exact.cellTemperatures(), b = fast.cellTemperatures();
    a.forEach((v, i) => expect(b[i]).toBe(v));
  });

  it('rejects a negative or fractional coupledStages', () => {
    expect(() => new ThermalSimulator(model, { coupledStages: -1 })).toThrow();
    expect(() => new ThermalSimulator(model, { coupledStages: 1.5 })).toThrow();
  });
});
