/**
 * The package edge-flux matrix F (m x m over the spreader/sink edge cells, capacity-matrix.ts)
 * in block-diagonal form when the model is mirror-symmetric left-right and top-bottom (a
 * square or rectangular die centred under its spreader and sink, the same link on opposite
 * edges): F then commutes with both mirror permutations of the edge cells, and in the basis
 * of their four symmetry classes (per orbit {c, Hc, Vc, HVc}: the orthonormal combinations
 * with signs (+ + + +), (+ - + -), (+ + - -), (+ - - +) / 2) it splits into four
 * (m/4) x (m/4) blocks: F u costs m^2 / 4 multiply-adds plus O(m) instead of m^2
 * (120 x 120 at 16x16: ~3.6k instead of 14.4k). Exact up to rounding: built only when F
 * commutes with both mirrors to rounding level (`SYMMETRY_TOLERANCE`), and only when the
 * mirrors move every edge cell (even row and column counts), so each orbit has 4 cells.
 */
import { matVec } from './dense.js';

/** Largest |F[Pi, Pj] - F[i, j]| / max |F| accepted as symmetric (rounding of the factorisation). */
export const SYMMETRY_TOLERANCE = 1e-13;

export interface EdgeFluxBlocks {
  /** Orbit size 4: the cells c, Hc, Vc, HVc of orbit o at [4o .. 4o+4). */
  readonly orbits: Int32Array;
  /** Number of orbits (= block size). */
  readonly n: number;
  /** The four n x n blocks, row-major. */
  readonly blocks: readonly Float64Array[];
  /** Scratch: the four symmetry-class parts of the input and of the output, n each. */
  readonly tIn: readonly Float64Array[];
  readonly tOut: readonly Float64Array[];
}

const SIGNS: readonly (readonly number[])[] = [
  [1, 1, 1, 1],
  [1, -1, 1, -1],
  [1, 1, -1, -1],
  [1, -1, -1, 1],
];

/**
 * The block form of F (m x m, row-major) under the mirror permutations h and v of its
 * indices (involutions, commuting), or undefined when F is not symmetric under both to
 * SYMMETRY_TOLERANCE or an orbit has fewer than 4 cells.
 */
export function edgeFluxBlocks(F: Float64Array, m: number, h: Int32Array, v: Int32Array): EdgeFluxBlocks | undefined {
  if (m === 0 || m % 4 !== 0) return undefined;
  let scale = 0;
  for (let k = 0; k < m * m; k++) scale = Math.max(scale, Math.abs(F[k] as number));
  if (!(scale > 0 && scale < Infinity)) return undefined;
  for (let i = 0; i < m; i++) {
    const hi = h[i] as number,
      vi = v[i] as number;
    if (h[hi] !== i || v[vi] !== i || h[vi] !== v[hi]) return undefined;
    for (let j = 0; j < m; j++) {
      const f = F[i * m + j] as number;
      if (Math.abs((F[hi * m + (h[j] as number)] as number) - f) > SYMMETRY_TOLERANCE * scale) return undefined;
      if (Math.abs((F[vi * m + (v[j] as number)] as number) - f) > SYMMETRY_TOLERANCE * scale) return undefined;
    }
  }
  const seen = new Uint8Array(m);
  const orb: number[] = [];
  for (let c = 0; c < m; c++) {
    if (seen[c] === 1) continue;
    const cells = [c, h[c] as number, v[c] as number, h[v[c] as number] as number];
    if (new Set(cells).size !== 4) return undefined;
    for (const x of cells) seen[x] = 1;
    orb.push(...cells);
  }
  const n = orb.length / 4;
  const blocks = SIGNS.map((s) => {
    const b = new Float64Array(n * n);
    for (let o = 0; o < n; o++) {
      for (let p = 0; p < n; p++) {
        let acc = 0;
        for (let a = 0; a < 4; a++) {
          for (let d = 0; d < 4; d++)
            acc +=
              (s[a] as number) *
              (s[d] as number) *
              (F[(orb[4 * o + a] as number) * m + (orb[4 * p + d] as number)] as number);
        }
        b[o * n + p] = acc / 4;
      }
    }
    return b;
  });
  return {
    orbits: Int32Array.from(orb),
    n,
    blocks,
    tIn: SIGNS.map(() => new Float64Array(n)),
    tOut: SIGNS.map(() => new Float64Array(n)),
  };
}

/** out = F u through the block form (u and out of length m, not aliased). */
export function applyEdgeFluxBlocks(b: EdgeFluxBlocks, u: Float64Array, out: Float64Array): void {
  const { orbits, n, blocks, tIn, tOut } = b;
  const t0 = tIn[0] as Float64Array,
    t1 = tIn[1] as Float64Array,
    t2 = tIn[2] as Float64Array,
    t3 = tIn[3] as Float64Array;
  splitClasses(orbits, n, u, t0, t1, t2, t3);
  for (let k = 0; k < 4; k++) matVec(blocks[k] as Float64Array, n, n, tIn[k] as Float64Array, tOut[k] as Float64Array);
  joinClasses(
    orbits,
    n,
    tOut[0] as Float64Array,
    tOut[1] as Float64Array,
    tOut[2] as Float64Array,
    tOut[3] as Float64Array,
    out,
  );
}

function splitClasses(
  orbits: Int32Array,
  n: number,
  u: Float64Array,
  t0: Float64Array,
  t1: Float64Array,
  t2: Float64Array,
  t3: Float64Array,
): void {
  for (let o = 0, j = 0; o < n; o++, j += 4) {
    const a = u[orbits[j] as number] as number,
      b = u[orbits[j + 1] as number] as number;
    const c = u[orbits[j + 2] as number] as number,
      d = u[orbits[j + 3] as number] as number;
    t0[o] = 0.5 * (a + b + c + d);
    t1[o] = 0.5 * (a - b + c - d);
    t2[o] = 0.5 * (a + b - c - d);
    t3[o] = 0.5 * (a - b - c + d);
  }
}

function joinClasses(
  orbits: Int32Array,
  n: number,
  t0: Float64Array,
  t1: Float64Array,
  t2: Float64Array,
  t3: Float64Array,
  out: Float64Array,
): void {
  for (let o = 0, j = 0; o < n; o++, j += 4) {
    const a = t0[o] as number,
      b = t1[o] as number,
      c = t2[o] as number,
      d = t3[o] as number;
    out[orbits[j] as number] = 0.5 * (a + b + c + d);
    out[orbits[j + 1] as number] = 0.5 * (a - b + c - d);
    out[orbits[j + 2] as number] = 0.5 * (a + b - c - d);
    out[orbits[j + 3] as number] = 0.5 * (a - b - c + d);
  }
}
