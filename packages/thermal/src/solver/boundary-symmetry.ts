/**
 * Symmetry-adapted coordinates of the boundary unknowns of coupling-correction.ts (edge cells
 * of the periphery layers, then the periphery nodes) under the left-right (H) and top-bottom
 * (V) mirrors of the package. For every orbit {r, Hr, Vr, HVr} and character
 * (sH, sV) in {+1, -1}^2 the combination sum_g chi(g) e_(g r), when non-zero, normalised, is
 * one row of the orthogonal map S; its class is (sH, sV). A matrix commuting with both
 * mirrors is block diagonal in these coordinates (four blocks of ~m'/4): the capacity solves
 * then cost a quarter. Whether a matrix does commute is checked by the caller.
 */

export interface BoundarySymmetry {
  readonly n: number;
  /** Row r of S: up to 4 (index, weight) pairs at [4r .. 4r+4), index -1 = unused. */
  readonly idx: Int32Array;
  readonly w: Float64Array;
  /** Class 0..3 of each row of S. */
  readonly cls: Uint8Array;
}

/** S from the two mirror permutations (involutions) of 0..n-1. */
export function boundarySymmetry(mirrorH: Int32Array, mirrorV: Int32Array): BoundarySymmetry {
  const n = mirrorH.length;
  const idx = new Int32Array(4 * n).fill(-1),
    w = new Float64Array(4 * n),
    cls = new Uint8Array(n);
  const seen = new Uint8Array(n);
  let row = 0;
  for (let r = 0; r < n; r++) {
    if (seen[r] === 1) continue;
    const h = mirrorH[r] as number,
      v = mirrorV[r] as number,
      hv = mirrorH[v] as number;
    const orbit = [r, h, v, hv];
    for (const g of orbit) seen[g] = 1;
    for (let c = 0; c < 4; c++) {
      const sH = c & 1 ? -1 : 1,
        sV = c & 2 ? -1 : 1;
      const chi = [1, sH, sV, sH * sV];
      const acc = new Map<number, number>();
      orbit.forEach((g, k) => acc.set(g, (acc.get(g) ?? 0) + (chi[k] as number)));
      const terms = [...acc.entries()].filter(([, x]) => x !== 0);
      if (terms.length === 0) continue;
      const norm = Math.sqrt(terms.reduce((s, [, x]) => s + x * x, 0));
      terms.forEach(([g, x], k) => {
        idx[4 * row + k] = g;
        w[4 * row + k] = x / norm;
      });
      cls[row] = c;
      row++;
    }
  }
  return { n, idx, w, cls };
}
