import { describe, expect, it } from 'vitest';
import { smallStack } from '../../test/small-stacks.js';
import { buildGridModel, type GridModel } from './grid-model.js';
import { luFactor, luSolve } from './dense.js';
import { EXPONENTIAL_POLES } from './exponential-poles.js';
import { assembleConductance } from './sparse-assembly.js';
import { HOTSPOT_DEFAULT_PACKAGE } from './stack.js';
import { symmetricEigen } from './symmetric-eigen.js';
import { ThermalSimulator } from './thermal-simulator.js';

/** Exact x(dt) = x_ss + exp(-dt C^-1 G)(x0 - x_ss) on the assembled network, by a dense eigen-decomposition. */
function denseExact(m: GridModel, x0: Float64Array, p: Float64Array, dt: number): Float64Array {
  const sys = assembleConductance(m);
  const n = sys.n,
    grid = m.layers.length * m.rows * m.cols;
  const G = new Float64Array(n * n);
  for (let r = 0; r < n; r++)
    for (let q = sys.rowStart[r]!; q < sys.rowStart[r + 1]!; q++) G[r * n + sys.col[q]!] = sys.val[q]!;
  const b = Float64Array.from({ length: n }, (_, k) => (k < grid ? p[k]! : 0));
  const xss = Float64Array.from(b);
  luSolve(luFactor(Float64Array.from(G), n), xss);
  const s = sys.capacitance.map(Math.sqrt);
  const a = new Float64Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) a[r * n + c] = G[r * n + c]! / (s[r]! * s[c]!);
  const w = new Float64Array(n),
    z = new Float64Array(n * n);
  symmetricEigen(a, n, w, z);
  // y = Z^T C^1/2 (x0 - xss), decayed, back
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let r = 0; r < n; r++) acc += z[r * n + i]! * s[r]! * (x0[r]! - xss[r]!);
    y[i] = acc * Math.exp(-dt * w[i]!);
  }
  return Float64Array.from({ length: n }, (_, r) => {
    let acc = 0;
    for (let i = 0; i < n; i++) acc += z[r * n + i]! * y[i]!;
    return xss[r]! + acc / s[r]!;
  });
}

function thetaOf(sim: ThermalSimulator): Float64Array {
  const cells = sim.cellTemperatures(),
    per = sim.peripheryTemperatures();
  const th = new Float64Array(cells.length + per.length);
  cells.forEach((v, i) => (th[i] = v - sim.model.ambientK));
  per.forEach((v, i) => (th[cells.length + i] = v - sim.model.ambientK));
  return th;
}

describe('modal integrator: one step of any length against the dense exact exponential', () => {
  const cases: [string, GridModel][] = [
    ...(
      [
        [4, 4],
        [5, 3],
        [1, 1],
      ] as const
    ).map(([rows, cols]): [string, GridModel] => [
      `package ${rows}x${cols}`,
      buildGridModel(smallStack(HOTSPOT_DEFAULT_PACKAGE), { rows, cols }),
    ]),
    [
      'convective 4x4',
      buildGridModel(smallStack({ kind: 'convective', heatTransferCoefficientWm2K: 1e4 }), { rows: 4, cols: 4 }),
    ],
  ];
  for (const [name, m] of cases) {
    for (const dt of [1e-5, 1e-3, 3e-2, 1, 100]) {
      it(`${name}, dt ${dt} s: within 2 maxError of the deviation (exact without a package)`, () => {
        const cells = m.layers.length * m.rows * m.cols,
          np = m.periphery?.nodeNames.length ?? 0;
        const x0 = Float64Array.from({ length: cells + np }, (_, i) =>
          i < cells ? 8 + 5 * Math.sin(i * 0.37) + 0.1 * (i % 5) : 3 + 0.4 * (i - cells),
        );
        const p = Float64Array.from({ length: cells }, (_, i) =>
          m.layers[Math.floor(i / (m.rows * m.cols))]!.dissipatesPower ? 0.05 + 0.04 * Math.cos(i * 0.11) : 0,
        );
        const sim = new ThermalSimulator(m);
        sim.setCellTemperatures(
          x0.subarray(0, cells).map((v) => v + m.ambientK),
          Array.from(x0.subarray(cells), (v) => v + m.ambientK),
        );
        sim.step(p, dt);
        const got = thetaOf(sim),
          want = denseExact(m, x0, p, dt);
        // deviation from steady state at the start (the bound's scale)
        const xss = denseExact(m, x0, p, 1e9);
        const dev = Math.max(...x0.map((v, i) => Math.abs(v - xss[i]!)));
        const tol = np === 0 ? 1e-9 * dev : 2 * EXPONENTIAL_POLES[6].maxError * dev;
        let err = 0;
        want.forEach((v, i) => (err = Math.max(err, Math.abs(got[i]! - v))));
        expect(err).toBeLessThanOrEqual(tol);
        expect(Math.max(...want.map((v, i) => Math.abs(v - x0[i]!)))).toBeGreaterThan(1e-4 * dev);
      });
    }
  }
});
