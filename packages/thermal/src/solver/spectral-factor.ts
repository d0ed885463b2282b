/**
 * A factorisation of G + C/h in the spectral domain, and its per-mode tridiagonal part.
 * With the lateral DCT, lateral mode k = p*R + q of a layer couples only to the same mode
 * of the layers above and below: one tridiagonal system T per mode, diagonal
 * gEastWest_l lamC_p + gNorthSouth_l lamR_q + g_(l-1) + g_l (+ the ambient link on the last
 * layer) + C_l/h, off-diagonals -g_l (g = gVertical), LU-factored once per h in both
 * elimination directions (stage-kernels.ts). The package periphery enters as the
 * capacity-matrix correction (capacity-matrix.ts).
 */
import { ThermalError } from '../errors.js';
import type { EdgeFluxBlocks } from './edge-symmetry.js';
import type { GridModel } from './grid-model.js';

export interface SpectralFactor {
  /** Solves (G + C/h); `Infinity` = steady state (G only). */
  readonly h: number;
  readonly cOverH: Float64Array;
  readonly cpOverH: Float64Array;
  /** Inverse pivots of the per-mode tridiagonal LU, [l*M + k]. */
  readonly ip: Float64Array;
  /** Upper multipliers of the per-mode tridiagonal LU, [l*M + k]. */
  readonly up: Float64Array;
  /**
   * The same LU eliminating from the last layer down to the first ("up" factorisation of
   * stage-kernels.ts): inverse pivots and multipliers to layer l-1, [l*M + k].
   */
  readonly ipR: Float64Array;
  readonly upR: Float64Array;
  /** Columns of T^-1 for each perturbed layer (all layers, all modes). */
  readonly tinvCols: readonly Float64Array[];
  /**
   * Capacity-matrix correction, with v0 = edge values of the uncorrected
   * solve and b_p the periphery right-hand side:
   * net edge flux = edgeFlux v0 + edgeFluxP b_p; x_p = peripheryFromEdges v0 + peripheryFromRhs b_p.
   * edgeFlux = D' S^-1 (m x m), S = I + Z D', Z = P^T K0^-1 P, D' = D - B Kp^-1 B^T.
   */
  readonly edgeFlux: Float64Array | undefined;
  /** edgeFlux in block-diagonal form when the package is mirror-symmetric (edge-symmetry.ts), else undefined. */
  readonly edgeFluxBlocks: EdgeFluxBlocks | undefined;
  readonly edgeFluxP: Float64Array | undefined;
  readonly peripheryFromEdges: Float64Array | undefined;
  readonly peripheryFromRhs: Float64Array | undefined;
  /**
   * (Gpp' + Cp/h)^-1, Gpp' = the periphery block without its links to the
   * edge cells: the periphery half of the uncoupled operator of the
   * uncoupled transient stages (np x np; undefined without periphery).
   */
  readonly peripheryUncoupled: Float64Array | undefined;
  /** Whether the exact boundary (capacity-matrix) correction was built; `solve` needs it. */
  readonly coupled: boolean;
  /** Approximate bytes held by this factor. */
  readonly bytes: number;
}

export interface TridiagonalFactors {
  readonly ip: Float64Array;
  readonly up: Float64Array;
  readonly ipR: Float64Array;
  readonly upR: Float64Array;
}

/**
 * The per-mode LU of every T in both directions (SpectralFactor.ip/up, ipR/upR); lamR and
 * lamC are the eigenvalues of the Neumann 1-D Laplacians along a column and a row (dct.ts).
 */
export function tridiagonalFactors(
  model: GridModel,
  lamR: Float64Array,
  lamC: Float64Array,
  cOverH: Float64Array,
): TridiagonalFactors {
  const L = model.layers.length,
    R = model.rows,
    C = model.cols,
    M = R * C;
  const gv = model.gVertical;
  const ip = new Float64Array(L * M),
    up = new Float64Array(L * M);
  for (let l = 0; l < L; l++) {
    const layer = model.layers[l];
    if (layer === undefined) continue;
    const base =
      (cOverH[l] as number) +
      (l > 0 ? (gv[l - 1] as number) : 0) +
      (l < L - 1 ? (gv[l] as number) : 0) +
      (l === L - 1 ? model.gAmbientCell : 0);
    const gx = layer.gEastWest,
      gy = layer.gNorthSouth;
    const eUp = l < L - 1 ? -(gv[l] as number) : 0; // coupling to l+1
    const ePrev = l > 0 ? -(gv[l - 1] as number) : 0; // coupling to l-1
    const o = l * M,
      oPrev = (l - 1) * M;
    for (let p = 0; p < C; p++) {
      const lx = gx * (lamC[p] as number) + base;
      for (let q = 0; q < R; q++) {
        const k = p * R + q;
        let d = lx + gy * (lamR[q] as number);
        if (l > 0) d -= ePrev * (up[oPrev + k] as number);
        if (!(d > 0))
          throw new ThermalError('THERMAL_MODEL', 'non-positive pivot: the model is not connected to ambient');
        const inv = 1 / d;
        ip[o + k] = inv;
        up[o + k] = eUp * inv;
      }
    }
  }
  // the reverse elimination (last layer first) of the same tridiagonal systems
  const ipR = new Float64Array(L * M),
    upR = new Float64Array(L * M);
  for (let l = L - 1; l >= 0; l--) {
    const layer = model.layers[l];
    if (layer === undefined) continue;
    const base =
      (cOverH[l] as number) +
      (l > 0 ? (gv[l - 1] as number) : 0) +
      (l < L - 1 ? (gv[l] as number) : 0) +
      (l === L - 1 ? model.gAmbientCell : 0);
    const gx = layer.gEastWest,
      gy = layer.gNorthSouth;
    const eDown = l > 0 ? -(gv[l - 1] as number) : 0; // coupling to l-1
    const eNext = l < L - 1 ? -(gv[l] as number) : 0; // coupling to l+1
    const o = l * M,
      oNext = (l + 1) * M;
    for (let p = 0; p < C; p++) {
      const lx = gx * (lamC[p] as number) + base;
      for (let q = 0; q < R; q++) {
        const k = p * R + q;
        let d = lx + gy * (lamR[q] as number);
        if (l < L - 1) d -= eNext * (upR[oNext + k] as number);
        if (!(d > 0))
          throw new ThermalError('THERMAL_MODEL', 'non-positive pivot: the model is not connected to ambient');
        const inv = 1 / d;
        ipR[o + k] = inv;
        upR[o + k] = eDown * inv;
      }
    }
  }
  return { ip, up, ipR, upR };
}

/** Per-mode tridiagonal solve T x = b (the "down" LU ip, up), in place on a spectral vector. */
export function tridiagonalSolve(
  x: Float64Array,
  ip: Float64Array,
  up: Float64Array,
  gv: Float64Array,
  L: number,
  M: number,
): void {
  for (let k = 0; k < M; k++) x[k] = (x[k] as number) * (ip[k] as number);
  for (let l = 1; l < L; l++) {
    const e = -(gv[l - 1] as number);
    for (let i = l * M, end = i + M; i < end; i++)
      x[i] = ((x[i] as number) - e * (x[i - M] as number)) * (ip[i] as number);
  }
  for (let l = L - 2; l >= 0; l--) {
    for (let i = l * M, end = i + M; i < end; i++) x[i] = (x[i] as number) - (up[i] as number) * (x[i + M] as number);
  }
}
