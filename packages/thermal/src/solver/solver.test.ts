import { describe, expect, it } from 'vitest';
import { layer, smallStack, tiles } from '../../test/small-stacks.js';
import { HOTSPOT_DEFAULT_PACKAGE, type StackDescription } from './stack.js';
import { buildGridModel, type GridModel } from './grid-model.js';
import { spreadBlockPower } from './grid-map.js';
import { assembleConductance, sparseMultiply } from './sparse-assembly.js';
import { ThermalSimulator } from './thermal-simulator.js';
import { RATIONAL_SCHEMES, rationalAmplification } from './transient-scheme.js';
import { luFactor, luSolve } from './dense.js';

/** Cell powers with every block of every power layer at `w` watts. */
function uniformBlockPower(model: GridModel, w: (layer: number, block: number) => number): Float64Array {
  const M = model.rows * model.cols;
  const p = new Float64Array(model.layers.length * M);
  model.layers.forEach((l, n) => {
    if (!l.dissipatesPower) return;
    const bp = Float64Array.from({ length: l.map.blockCount }, (_, b) => w(n, b));
    spreadBlockPower(l.map, bp, 0, p, n * M);
  });
  return p;
}

/** Node temperatures above ambient (grid + periphery) from a simulator. */
function thetaOf(sim: ThermalSimulator): Float64Array {
  const cells = sim.cellTemperatures();
  const per = sim.peripheryTemperatures();
  const th = new Float64Array(cells.length + per.length);
  cells.forEach((v, i) => (th[i] = v - sim.model.ambientK));
  per.forEach((v, i) => (th[cells.length + i] = v - sim.model.ambientK));
  return th;
}

describe('analytic 1-D stack of slabs (uniform power, convective boundary)', () => {
  const h = 2e4; // W/(m^2 K)
  const W = 0.01,
    A = W * W;
  const stack: StackDescription = {
    layers: [
      layer('top', 1e-4, 2, 1.75e6, tiles('a', 1, 1, W, W)),
      layer('mid', 5e-5, 150, 1.75e6, tiles('b', 2, 2, W, W)),
      layer('bot', 2e-4, 5, 4e6, tiles('c', 1, 1, W, W)),
    ],
    boundary: { kind: 'convective', heatTransferCoefficientWm2K: h },
    ambientK: 300,
  };
  const P = [10, 20, 5];
  for (const conv of ['full-thickness', 'half-half'] as const) {
    it(`${conv}: node temperatures equal the series-resistance formula for every cell`, () => {
      const model = buildGridModel(stack, { rows: 4, cols: 4, conventions: { verticalResistance: conv } });
      const sim = new ThermalSimulator(model);
      sim.steady(uniformBlockPower(model, (n, b) => (P[n] ?? 0) / model.layers[n]!.map.blockCount + 0 * b));
      const t = stack.layers.map((l) => l.thicknessM),
        k = stack.layers.map((l) => l.conductivityWmK);
      const Q = [P[0]!, P[0]! + P[1]!, P[0]! + P[1]! + P[2]!];
      // textbook: heat Q_n crosses the slab resistance below node n
      const rLink =
        conv === 'full-thickness'
          ? [t[0]! / (k[0]! * A), t[1]! / (k[1]! * A), t[2]! / (k[2]! * A) + 1 / (h * A)]
          : [
              t[0]! / (2 * k[0]! * A) + t[1]! / (2 * k[1]! * A),
              t[1]! / (2 * k[1]! * A) + t[2]! / (2 * k[2]! * A),
              t[2]! / (2 * k[2]! * A) + 1 / (h * A),
            ];
      const expected = [0, 0, 0];
      expected[2] = 300 + Q[2]! * rLink[2]!;
      expected[1] = expected[2]! + Q[1]! * rLink[1]!;
      expected[0] = expected[1]! + Q[0]! * rLink[0]!;
      const cells = sim.cellTemperatures();
      for (let n = 0; n < 3; n++) for (let c = 0; c < 16; c++) expect(cells[n * 16 + c]).toBeCloseTo(expected[n]!, 9);
      expect(sim.heatToAmbientW()).toBeCloseTo(35, 9);
    });
  }

  it('transient of a single lumped slab follows T_amb + P R (1 - exp(-t/RC)) within the scheme bound', () => {
    const one: StackDescription = {
      layers: [layer('s', 1e-3, 100, 2e6, tiles('s', 1, 1, W, W))],
      boundary: { kind: 'convective', heatTransferCoefficientWm2K: 1e4 },
      ambientK: 300,
    };
    const model = buildGridModel(one, { rows: 1, cols: 1 });
    const R = 1e-3 / (100 * A) + 1 / (1e4 * A),
      C = 0.333 * 2e6 * 1e-3 * A;
    const sim = new ThermalSimulator(model);
    sim.setUniform(300);
    const p = Float64Array.of(5);
    let t = 0;
    for (const dt of [1e-3, 1e-2, 0.1, 0.5, 2]) {
      sim.step(p, dt);
      t += dt;
      const exact = 300 + 5 * R * (1 - Math.exp(-t / (R * C)));
      expect(Math.abs(sim.cellTemperatures()[0]! - exact)).toBeLessThan(2.5e-3 * 5 * R);
    }
    expect(sim.timeS).toBeCloseTo(t, 12);
  });
});

describe('rational transient schemes', () => {
  it('stay within their stated uniform error of exp(-z) and are exact at z = 0', () => {
    for (const s of Object.values(RATIONAL_SCHEMES)) {
      expect(rationalAmplification(s, 0)).toBeCloseTo(1, 12);
      let mx = 0;
      for (let e = -4; e <= 4; e += 0.01) {
        const z = 10 ** e;
        mx = Math.max(mx, Math.abs(rationalAmplification(s, z) - Math.exp(-z)));
      }
      expect(mx).toBeLessThanOrEqual(s.maxError * 1.01);
    }
  });
});

describe('spectral solver with the 12-node package periphery', () => {
  const pkg = HOTSPOT_DEFAULT_PACKAGE;
  for (const [rows, cols] of [
    [8, 8],
    [6, 4],
    [1, 1],
  ] as const) {
    it(`${rows}x${cols}: steady state satisfies G x = P at every node and balances energy within 0.1%`, () => {
      const model = buildGridModel(smallStack(pkg), { rows, cols });
      const sim = new ThermalSimulator(model);
      const p = uniformBlockPower(model, (n, b) => 0.5 + 0.3 * n + 0.7 * ((b * 7) % 5));
      sim.steady(p);
      const th = thetaOf(sim);
      const sys = assembleConductance(model);
      expect(sys.n).toBe(model.nodeCount);
      const gx = new Float64Array(sys.n);
      sparseMultiply(sys, th, gx);
      const total = p.reduce((a, b) => a + b, 0);
      for (let k = 0; k < sys.n; k++) expect(Math.abs(gx[k]! - (p[k] ?? 0))).toBeLessThan(1e-9 * total);
      expect(Math.abs(sim.heatToAmbientW() - total) / total).toBeLessThan(1e-3);
      let q = 0;
      for (let k = 0; k < sys.n; k++) q += sys.gAmbient[k]! * th[k]!;
      expect(Math.abs(q - total) / total).toBeLessThan(1e-3);
    });
  }

  it('transient steps agree with a fine Crank-Nicolson reference on the assembled network', () => {
    const model = buildGridModel(smallStack(pkg), { rows: 4, cols: 4 });
    const sys = assembleConductance(model);
    const n = sys.n;
    const sim = new ThermalSimulator(model);
    const p = uniformBlockPower(model, (l, b) => (l === 2 && b === 0 ? 6 : 0.4));
    const pAll = new Float64Array(n);
    pAll.set(p);
    sim.setUniform(330);
    // reference: CN with 4000 sub-steps per 3 ms, dense LU on (C/h + G/2)
    const dt = 3e-3,
      sub = 4000,
      hh = dt / sub;
    const A = new Float64Array(n * n),
      B = new Float64Array(n * n);
    for (let r = 0; r < n; r++) {
      for (let q = sys.rowStart[r]!; q < sys.rowStart[r + 1]!; q++) {
        A[r * n + sys.col[q]!] = 0.5 * sys.val[q]!;
        B[r * n + sys.col[q]!] = -0.5 * sys.val[q]!;
      }
      A[r * n + r] = A[r * n + r]! + sys.capacitance[r]! / hh;
      B[r * n + r] = B[r * n + r]! + sys.capacitance[r]! / hh;
    }
    const lu = luFactor(A, n);
    let x = new Float64Array(n).fill(330 - 318.15);
    const y = new Float64Array(n);
    let worst = 0;
    for (let row = 0; row < 3; row++) {
      for (let s = 0; s < sub; s++) {
        for (let r = 0; r < n; r++) {
          let acc = pAll[r]!;
          for (let c = 0; c < n; c++) acc += B[r * n + c]! * x[c]!;
          y[r] = acc;
        }
        luSolve(lu, y);
        x = Float64Array.from(y);
      }
      sim.step(p, dt);
      const th = thetaOf(sim);
      for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(th[k]! - x[k]!));
    }
    // deviations from steady state are tens of K; scheme bound 1.6e-3 relative
    expect(worst).toBeLessThan(0.02);
  });
});

describe('grid model conventions', () => {
  it('builds HotSpot node counts and refuses inconsistent floorplans', () => {
    const m = buildGridModel(smallStack(HOTSPOT_DEFAULT_PACKAGE), { rows: 8, cols: 8 });
    expect(m.layers.map((l) => l.role)).toEqual(['die', 'die', 'die', 'die', 'spreader', 'sink']);
    expect(m.nodeCount).toBe(6 * 64 + 12);
    expect(
      buildGridModel(smallStack(HOTSPOT_DEFAULT_PACKAGE), { rows: 8, cols: 8, conventions: { peripheryNodes: false } })
        .nodeCount,
    ).toBe(6 * 64);
    const bad = smallStack(HOTSPOT_DEFAULT_PACKAGE);
    const broken = {
      ...bad,
      layers: [...bad.layers.slice(0, 3), layer('tim', 2e-5, 5, 4e6, tiles('T', 2, 2, 0.011, 0.01), false)],
    };
    expect(() => buildGridModel(broken, { rows: 8, cols: 8 })).toThrow(/floorplan/);
  });
  it('applies the capacitance factor and the convective boundary', () => {
    const m1 = buildGridModel(smallStack({ kind: 'convective', heatTransferCoefficientWm2K: 1e4 }), {
      rows: 2,
      cols: 2,
      conventions: { capacitanceFactor: 1 },
    });
    const A = (0.01 / 2) ** 2;
    expect(m1.layers).toHaveLength(4);
    expect(m1.layers[0]!.cellCapacitance).toBeCloseTo(1.75e6 * 5e-5 * A, 15);
    expect(m1.gAmbientCell).toBeCloseTo(1 / (2e-5 / (5 * A) + 1 / (1e4 * A)), 12);
    expect(m1.periphery).toBeUndefined();
  });
});

describe('ThermalSimulator input checks', () => {
  it('rejects non-finite cell powers and then steps exactly like a simulator that never saw them', () => {
    const model = buildGridModel(smallStack(HOTSPOT_DEFAULT_PACKAGE), { rows: 8, cols: 8 });
    const p = uniformBlockPower(model, (l, b) => 0.05 + 0.01 * l + 0.001 * b);
    const a = new ThermalSimulator(model),
      b = new ThermalSimulator(model);
    a.step(p, 1e-3);
    b.step(p, 1e-3);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const q = Float64Array.from(p);
      q[q.length - 1 - 70] = bad;
      expect(() => a.step(q, 1e-3)).toThrow(/finite/);
    }
    // same powers as before the failures: a must not reuse the spectrum of the rejected input
    a.step(p, 1e-3);
    b.step(p, 1e-3);
    expect(a.cellTemperatures()).toEqual(b.cellTemperatures());
  });
});
