import { describe, expect, it } from 'vitest';
import { layer, smallStack, tiles } from '../../test/small-stacks.js';
import { buildGridModel, type GridModel } from './grid-model.js';
import { luFactor, luSolve } from './dense.js';
import { assembleConductance, sparseMultiply } from './sparse-assembly.js';
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
      layers: [
        layer('a', 1e-4, 2, 1.75e6, tiles('a', 1, 1, W, W)),
        layer('b', 1e-4, 100, 1.75e6, tiles('b', 1, 1, W, W)),
      ],
      boundary: { kind: 'convective', heatTransferCoefficientWm2K: 1e4 },
      ambientK: 300,
    };
    const aniso: StackDescription = {
      ...base,
      layers: [{ ...base.layers[0]!, lateralConductivityWmK: 50 }, base.layers[1]!],
    };
    const m0 = buildGridModel(base, { rows: 4, cols: 4 }),
      m1 = buildGridModel(aniso, { rows: 4, cols: 4 });
    expect(m1.layers[0]!.gEastWest).toBeCloseTo(m0.layers[0]!.gEastWest * 25, 12);
    expect(m1.layers[0]!.gNorthSouth).toBeCloseTo(m0.layers[0]!.gNorthSouth * 25, 12);
    expect(m1.gVertical[0]).toBe(m0.gVertical[0]);
    expect(m1.layers[0]!.lateralConductivityWmK).toBe(50);
    expect(m0.layers[0]!.lateralConductivityWmK).toBe(2);
  });
});

/** Node temperatures above ambient (grid + periphery) from a simulator. */
function thetaOf(sim: ThermalSimulator): Float64Array {
  const cells = sim.cellTemperatures(),
    per = sim.peripheryTemperatures();
  const th = new Float64Array(cells.length + per.length);
  cells.forEach((v, i) => (th[i] = v - sim.model.ambientK));
  per.forEach((v, i) => (th[cells.length + i] = v - sim.model.ambientK));
  return th;
}

/**
 * The stage recurrence of ThermalSimulator.step on the assembled network, dense: r = P - G x0,
 * z_1 = K_1^-1 r, z_k = K_k^-1 (C/h) z_(k-1), x1 = x0 + sum_k c_k z_k (c_1 = 1, c_(k+1) = c_k - a_k),
 * K_k = G + C/h for the first `coupled` stages and G + C/h without the links between the
 * spreader/sink edge cells and the periphery nodes for the others.
 */
function denseStep(
  m: GridModel,
  x0: Float64Array,
  p: Float64Array,
  stages: 4 | 5,
  coupled: number,
  dt: number,
): Float64Array {
  const sys = assembleConductance(m);
  const n = sys.n,
    grid = m.layers.length * m.rows * m.cols;
  const scheme = RATIONAL_SCHEMES[stages],
    h = scheme.gamma * dt;
  const G = new Float64Array(n * n);
  for (let r = 0; r < n; r++)
    for (let q = sys.rowStart[r]!; q < sys.rowStart[r + 1]!; q++) G[r * n + sys.col[q]!] = sys.val[q]!;
  const exact = Float64Array.from(G),
    uncoupled = Float64Array.from(G);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      const v = G[r * n + c]!;
      if (v !== 0 && r !== c && r < grid !== c < grid) {
        uncoupled[r * n + c] = 0;
        uncoupled[r * n + r] = uncoupled[r * n + r]! + v;
      }
    }
    exact[r * n + r] = exact[r * n + r]! + sys.capacitance[r]! / h;
    uncoupled[r * n + r] = uncoupled[r * n + r]! + sys.capacitance[r]! / h;
  }
  const luExact = luFactor(exact, n),
    luUncoupled = luFactor(uncoupled, n);
  const z = new Float64Array(n);
  sparseMultiply(sys, x0, z);
  for (let k = 0; k < n; k++) z[k] = (k < grid ? p[k]! : 0) - z[k]!;
  const x1 = Float64Array.from(x0);
  let c = 1;
  scheme.coefficients.forEach((a, st) => {
    if (st > 0) for (let k = 0; k < n; k++) z[k] = z[k]! * (sys.capacitance[k]! / h);
    luSolve(st < coupled ? luExact : luUncoupled, z);
    for (let k = 0; k < n; k++) x1[k] = x1[k]! + c * z[k]!;
    c -= a;
  });
  return x1;
}

describe('a transient step is the stage recurrence of the rational scheme on the assembled network', () => {
  const convective = buildGridModel(smallStack({ kind: 'convective', heatTransferCoefficientWm2K: 1e4 }), {
    rows: 4,
    cols: 4,
  });
  const cases: [string, GridModel][] = [
    ...(
      [
        [8, 8],
        [6, 4],
        [5, 3],
        [1, 1],
      ] as const
    ).map(([rows, cols]): [string, GridModel] => [
      `package ${rows}x${cols}`,
      buildGridModel(smallStack(HOTSPOT_DEFAULT_PACKAGE), { rows, cols }),
    ]),
    ['convective 4x4', convective],
  ];
  const dt = 1e-3;
  for (const [name, m] of cases) {
    for (const [stages, coupled] of [
      [5, 5],
      [5, 2],
      [5, 0],
      [4, 1],
      [4, 0],
    ] as const) {
      it(`${name}, ${stages} stages, ${coupled} coupled: equals the dense recurrence from an arbitrary state`, () => {
        const cells = m.layers.length * m.rows * m.cols,
          np = m.periphery?.nodeNames.length ?? 0;
        const x0 = Float64Array.from({ length: cells + np }, (_, i) =>
          i < cells ? 8 + 5 * Math.sin(i * 0.37) + 0.1 * (i % 5) : 3 + 0.4 * (i - cells),
        );
        const p = Float64Array.from({ length: cells }, (_, i) =>
          m.layers[Math.floor(i / (m.rows * m.cols))]!.dissipatesPower ? 0.05 + 0.04 * Math.cos(i * 0.11) : 0,
        );
        const sim = new ThermalSimulator(m, { stages, coupledStages: coupled });
        // the simulator uses uncoupled stages only at or above this ratio (else all are exact)
        if (coupled < stages)
          expect(sim.solver.edgeCouplingRatio(RATIONAL_SCHEMES[stages].gamma * dt)).toBeGreaterThanOrEqual(
            UNCOUPLED_STAGE_MIN_RATIO,
          );
        sim.setCellTemperatures(
          x0.subarray(0, cells).map((v) => v + m.ambientK),
          Array.from(x0.subarray(cells), (v) => v + m.ambientK),
        );
        sim.step(p, dt);
        const got = thetaOf(sim),
          want = denseStep(m, x0, p, stages, coupled, dt);
        const scale = Math.max(...want.map(Math.abs));
        want.forEach((v, i) => expect(Math.abs((got[i] as number) - v)).toBeLessThan(1e-12 * scale));
        // x0 is far from this power's steady state: the step must move it
        expect(Math.max(...want.map((v, i) => Math.abs(v - (x0[i] as number))))).toBeGreaterThan(1e-3 * scale);
      });
    }
  }

  it('an uncoupled factor refuses exact solves', () => {
    const s = new SpectralSolver(model);
    const u = s.factor(1e-3, false);
    expect(u.coupled).toBe(false);
    expect(() =>
      s.solve(u, new Float64Array(s.L * M), new Float64Array(12), new Float64Array(s.L * M), new Float64Array(12)),
    ).toThrow(/coupled/);
  });
});

describe('coupledStages < stages (package edge coupling only in the residual for the later stages)', () => {
  const hot = power(6),
    cool = power(0.5);

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
    let worstFast = 0,
      worstCheapest = 0;
    for (let k = 0; k < 20; k++) {
      const p = k % 8 < 4 ? hot : cool;
      for (const s of [exact, fast, cheapest]) s.step(p, 3e-3);
      const e = exact.cellTemperatures(),
        a = fast.cellTemperatures(),
        b = cheapest.cellTemperatures();
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
    expect(exact.solver.edgeCouplingRatio(RATIONAL_SCHEMES[4].gamma * 3e-3)).toBeGreaterThanOrEqual(
      UNCOUPLED_STAGE_MIN_RATIO,
    );
    expect(exact.solver.edgeCouplingRatio(RATIONAL_SCHEMES[4].gamma * 0.5)).toBeLessThan(UNCOUPLED_STAGE_MIN_RATIO);
    for (const s of [exact, fast]) s.steady(cool);
    for (let k = 0; k < 10; k++) for (const s of [exact, fast]) s.step(k % 2 ? hot : cool, 0.5);
    const a = exact.cellTemperatures(),
      b = fast.cellTemperatures();
    a.forEach((v, i) => expect(b[i]).toBe(v));
  });

  it('rejects a negative or fractional coupledStages', () => {
    expect(() => new ThermalSimulator(model, { coupledStages: -1 })).toThrow();
    expect(() => new ThermalSimulator(model, { coupledStages: 1.5 })).toThrow();
  });
});
