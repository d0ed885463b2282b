import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { smallStack } from '../../test/small-stacks.js';
import { matVec } from './dense.js';
import { applyEdgeFluxBlocks, edgeFluxBlocks } from './edge-symmetry.js';
import { buildGridModel } from './grid-model.js';
import { SpectralSolver } from './spectral-solver.js';
import { HOTSPOT_DEFAULT_PACKAGE } from './stack.js';

/** Mirrors of a ring of 4 sides x s cells: index = side * s + t; h swaps sides 0/1, v reverses t. */
function mirrors(s: number): { h: Int32Array; v: Int32Array; m: number } {
  const m = 4 * s;
  const h = Int32Array.from({ length: m }, (_, r) => (Math.floor(r / s) ^ 1) * s + (r % s));
  const v = Int32Array.from({ length: m }, (_, r) => Math.floor(r / s) * s + (s - 1 - (r % s)));
  return { h, v, m };
}

/** Group average of a matrix: commutes with h and v. */
function symmetrise(A: Float64Array, m: number, h: Int32Array, v: Int32Array): Float64Array {
  const F = new Float64Array(m * m);
  const perms = [
    (i: number) => i,
    (i: number) => h[i] as number,
    (i: number) => v[i] as number,
    (i: number) => h[v[i] as number] as number,
  ];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++)
      for (const p of perms) F[i * m + j] = (F[i * m + j] as number) + (A[p(i) * m + p(j)] as number) / 4;
  return F;
}

describe('edge-flux block form', () => {
  it('equals the dense product for any matrix commuting with both mirrors', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).map((k) => 2 * k),
        fc.integer({ min: 1, max: 1e6 }),
        (s, seed) => {
          const { h, v, m } = mirrors(s);
          let x = seed;
          const rnd = (): number => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
          const F = symmetrise(Float64Array.from({ length: m * m }, rnd), m, h, v);
          const b = edgeFluxBlocks(F, m, h, v);
          expect(b).toBeDefined();
          const u = Float64Array.from({ length: m }, rnd),
            want = new Float64Array(m),
            got = new Float64Array(m);
          matVec(F, m, m, u, want);
          applyEdgeFluxBlocks(b!, u, got);
          want.forEach((w, i) => expect(Math.abs((got[i] as number) - w)).toBeLessThan(1e-13 * m));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('is refused for a matrix that breaks a mirror symmetry beyond rounding', () => {
    const { h, v, m } = mirrors(4);
    const F = symmetrise(
      Float64Array.from({ length: m * m }, (_, i) => Math.sin(i)),
      m,
      h,
      v,
    );
    expect(edgeFluxBlocks(F, m, h, v)).toBeDefined();
    F[3] = (F[3] as number) + 1e-9;
    expect(edgeFluxBlocks(F, m, h, v)).toBeUndefined();
  });

  it('is used by the solver on a centred package and gives the dense solve to rounding', () => {
    const model = buildGridModel(smallStack(HOTSPOT_DEFAULT_PACKAGE), { rows: 8, cols: 8 });
    const s = new SpectralSolver(model);
    const f = s.factor(1.2e-3);
    expect(f.edgeFluxBlocks).toBeDefined();
    const n = s.L * s.M;
    const rhs = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.3) + 0.2);
    const a = new Float64Array(n),
      b = new Float64Array(n),
      pa = new Float64Array(s.np),
      pb = new Float64Array(s.np);
    s.solve(f, rhs, new Float64Array(s.np), a, pa);
    s.solve({ ...f, edgeFluxBlocks: undefined }, rhs, new Float64Array(s.np), b, pb);
    const scale = Math.max(...a.map(Math.abs));
    a.forEach((v, i) => expect(Math.abs(v - (b[i] as number))).toBeLessThan(1e-13 * scale));
  });

  it('a rectangular die on a non-square grid keeps both mirrors: block form, same solve', () => {
    const model = buildGridModel(smallStack(HOTSPOT_DEFAULT_PACKAGE, 0.012, 0.008), { rows: 6, cols: 10 });
    const s = new SpectralSolver(model);
    const f = s.factor(1.2e-3);
    expect(f.edgeFluxBlocks).toBeDefined();
    const n = s.L * s.M;
    const rhs = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) + 0.5);
    const a = new Float64Array(n),
      b = new Float64Array(n);
    s.solve(f, rhs, new Float64Array(s.np), a, new Float64Array(s.np));
    s.solve({ ...f, edgeFluxBlocks: undefined }, rhs, new Float64Array(s.np), b, new Float64Array(s.np));
    const scale = Math.max(...a.map(Math.abs));
    a.forEach((v, i) => expect(Math.abs(v - (b[i] as number))).toBeLessThan(1e-13 * scale));
  });
});
