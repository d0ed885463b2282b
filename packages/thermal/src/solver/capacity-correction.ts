/**
 * The capacity-matrix boundary correction (capacity-matrix.ts) applied in a solve of
 * (G + C/h) x = b: from the edge-cell values u of the uncorrected solve (per-mode
 * tridiagonal, no edge links) and the periphery right-hand side b_p, the net edge fluxes
 * f = edgeFlux u + edgeFluxP b_p and the periphery solution; then the grid solution
 * minus T^-1 P f, either with the precomputed T^-1 columns after the back substitution
 * (steady solves) or by re-running the forward elimination of the periphery layers
 * before it (exact transient stages).
 */
import { matVec } from './dense.js';
import { applyEdgeFluxBlocks } from './edge-symmetry.js';
import type { SpectralFactor } from './spectral-factor.js';
import type { SpectralState } from './spectral-state.js';

/**
 * fv = edgeFlux u + edgeFluxP rhsP (the net edge fluxes) and outP = peripheryFromEdges u +
 * peripheryFromRhs rhsP (the periphery solution), u = s.u. Needs f.edgeFlux.
 */
function edgeFluxes(s: SpectralState, f: SpectralFactor, rhsP: Float64Array, outP: Float64Array): void {
  const { m, np } = s.links;
  const u = s.u,
    fv = s.fv;
  if (f.edgeFluxBlocks !== undefined) applyEdgeFluxBlocks(f.edgeFluxBlocks, u, fv);
  else matVec(f.edgeFlux as Float64Array, m, m, u, fv);
  const H = f.edgeFluxP as Float64Array;
  for (let c = 0; c < m; c++) {
    let acc = fv[c] as number;
    for (let n = 0, h = c * np; n < np; n++, h++) acc += (H[h] as number) * (rhsP[n] as number);
    fv[c] = acc;
  }
  matVec(f.peripheryFromEdges as Float64Array, np, m, u, outP);
  const J1 = f.peripheryFromRhs as Float64Array;
  for (let n = 0; n < np; n++) {
    let acc = outP[n] as number;
    for (let k = 0; k < np; k++) acc += (J1[n * np + k] as number) * (rhsP[k] as number);
    outP[n] = acc;
  }
}

/**
 * After the uncorrected solve in x (per-mode tridiagonal): the periphery solution into
 * outP and the spectral edge fluxes into s.sHat, for `applyCorrection`. Needs f.edgeFlux.
 */
export function prepareCorrection(
  s: SpectralState,
  f: SpectralFactor,
  x: Float64Array,
  rhsP: Float64Array,
  outP: Float64Array,
): void {
  const { M, edges } = s;
  const E = edges.E,
    pLayers = s.links.pLayers,
    nP = pLayers.length;
  for (let a = 0; a < nP; a++) edges.gather(x, (pLayers[a] as number) * M, s.u, a * E);
  edgeFluxes(s, f, rhsP, outP);
  for (let a = 0; a < nP; a++) {
    const sh = s.sHat[a] as Float64Array;
    sh.fill(0);
    edges.scatter(s.fv, a * E, sh, 0);
  }
}

/** x -= T^-1 P f (the edge fluxes of `prepareCorrection`). */
export function applyCorrection(s: SpectralState, f: SpectralFactor, x: Float64Array): void {
  const { L, M } = s;
  const nP = s.links.pLayers.length;
  for (let a = 0; a < nP; a++) {
    const col = f.tinvCols[a] as Float64Array,
      sh = s.sHat[a] as Float64Array;
    for (let l = 0, i = 0; l < L; l++) {
      for (let k = 0; k < M; k++, i++) x[i] = (x[i] as number) - (col[i] as number) * (sh[k] as number);
    }
  }
}

/**
 * The boundary correction of an exact stage between its down elimination and its back
 * substitution: x (down-eliminated) becomes the down-eliminated right-hand side minus P f,
 * outP the periphery solution. Needs f.edgeFlux. Same result as `applyCorrection` after
 * the back substitution, but P f is applied by re-running the forward elimination on the
 * periphery layers only (they are the last grid layers, so a right-hand side change there
 * touches no earlier forward value) before the one back substitution, instead of a full
 * extra pass with the precomputed T^-1 columns.
 */
export function correctEliminated(
  s: SpectralState,
  f: SpectralFactor,
  x: Float64Array,
  rhsP: Float64Array,
  outP: Float64Array,
): void {
  const { L, M, edges } = s;
  const E = edges.E,
    pLayers = s.links.pLayers;
  const gv = s.gv;
  const ip = f.ip,
    up = f.up;
  // uncorrected solution on the periphery layers: back substitution from the last layer down to the first periphery layer
  const p0 = pLayers[0] as number,
    tail = s.tail;
  const last = (L - 1 - p0) * M;
  for (let k = 0, i = (L - 1) * M; k < M; k++, i++) tail[last + k] = x[i] as number;
  for (let l = L - 2; l >= p0; l--) {
    for (let k = 0, t = (l - p0) * M, i = l * M; k < M; k++, t++, i++)
      tail[t] = (x[i] as number) - (up[i] as number) * (tail[t + M] as number);
  }
  const nP = pLayers.length;
  for (let q = 0; q < nP; q++) edges.gather(tail, ((pLayers[q] as number) - p0) * M, s.u, q * E);
  edgeFluxes(s, f, rhsP, outP);
  // right-hand side -= P f on the periphery layers: redo their forward elimination with the change
  for (let q = 0; q < nP; q++) edges.scatterSet(s.fv, q * E, s.sHat[q] as Float64Array);
  for (let l = p0, q = 0; l < L; l++) {
    const isP = q < nP && pLayers[q] === l;
    const sh = isP ? (s.sHat[q] as Float64Array) : undefined;
    if (isP) q++;
    // delta_l = (-s_l + g_(l-1) delta_(l-1)) ip_l, kept in tail (free again) and added to x
    addEliminatedChange(x, tail, ip, sh, l > p0 ? (gv[l - 1] as number) : 0, l > p0, l * M, (l - p0) * M, M);
  }
}

/**
 * One layer of the correction's repeated elimination: d = (-s + g d_prev) ip (s = the
 * layer's scattered edge flux, undefined = none; d_prev = tail[t - M] when hasPrev), kept in
 * tail[t ..] and added to x[i ..].
 */
function addEliminatedChange(
  x: Float64Array,
  tail: Float64Array,
  ip: Float64Array,
  s: Float64Array | undefined,
  g: number,
  hasPrev: boolean,
  i0: number,
  t0: number,
  M: number,
): void {
  if (s !== undefined && hasPrev) {
    for (let k = 0, t = t0, i = i0; k < M; k++, t++, i++) {
      const d = (-(s[k] as number) + g * (tail[t - M] as number)) * (ip[i] as number);
      tail[t] = d;
      x[i] = (x[i] as number) + d;
    }
  } else if (s !== undefined) {
    for (let k = 0, t = t0, i = i0; k < M; k++, t++, i++) {
      const d = -(s[k] as number) * (ip[i] as number);
      tail[t] = d;
      x[i] = (x[i] as number) + d;
    }
  } else if (hasPrev) {
    for (let k = 0, t = t0, i = i0; k < M; k++, t++, i++) {
      const d = g * (tail[t - M] as number) * (ip[i] as number);
      tail[t] = d;
      x[i] = (x[i] as number) + d;
    }
  } else {
    for (let t = t0, e = t0 + M; t < e; t++) tail[t] = 0;
  }
}
