/**
 * The package periphery as an exact low-rank boundary correction, built once per
 * factorisation: the 12 periphery nodes are eliminated (Schur complement, Kp = Gpp + Cp/h)
 * and the coupling of the m boundary unknowns (package-links.ts) to them is handled by the
 * capacity-matrix (Woodbury) method, K = K0 + P D' P^T with K0 the grid operator without
 * the edge links (per-mode tridiagonal), P the edge-cell injection, D' = D - B Kp^-1 B^T.
 * S = I + Z D', Z = P^T K0^-1 P, is explicit (m x m, inverted once) and folded into the
 * matrices SpectralFactor.edgeFlux / edgeFluxP / peripheryFromEdges / peripheryFromRhs
 * that a solve applies (capacity-correction.ts).
 */
import { denseInverse, invertInPlace, matMul } from './dense.js';
import type { EdgeCells } from './edge-cells.js';
import { edgeFluxBlocks, type EdgeFluxBlocks } from './edge-symmetry.js';
import type { PackageLinks } from './package-links.js';

export interface CapacityCorrection {
  readonly edgeFlux: Float64Array;
  readonly edgeFluxBlocks: EdgeFluxBlocks | undefined;
  readonly edgeFluxP: Float64Array;
  readonly peripheryFromEdges: Float64Array;
  readonly peripheryFromRhs: Float64Array;
}

/** SpectralFactor.peripheryUncoupled: (Gpp' + Cp/h)^-1, Gpp' = Gpp without the links to the edge cells. */
export function uncoupledPeripheryInverse(links: PackageLinks, cpOverH: Float64Array): Float64Array {
  const { np, K, m, Bnode, Bg } = links;
  const kt = Float64Array.from(links.Gpp);
  for (let n = 0; n < np; n++) kt[n * np + n] = (kt[n * np + n] as number) + (cpOverH[n] as number);
  for (let c = 0; c < m; c++) {
    for (let s2 = 0; s2 < K; s2++) {
      const node = Bnode[c * K + s2] as number;
      if (node >= 0) kt[node * np + node] = (kt[node * np + node] as number) - (Bg[c * K + s2] as number);
    }
  }
  return denseInverse(kt, np);
}

/** The correction's matrices for one h; tinvCols = SpectralFactor.tinvCols. Needs m > 0. */
export function capacityCorrection(
  edges: EdgeCells,
  links: PackageLinks,
  tinvCols: readonly Float64Array[],
  cpOverH: Float64Array,
): CapacityCorrection {
  const { np, m, K, Bnode, Bg, Dvec } = links;
  const kp = Float64Array.from(links.Gpp);
  for (let n = 0; n < np; n++) kp[n * np + n] = (kp[n * np + n] as number) + (cpOverH[n] as number);
  const kpInv = denseInverse(kp, np);
  const { sInv, ZB } = capacitySystem(edges, links, tinvCols, kpInv);
  // Pt = B^T S^-1 (np x m)
  const Pt = new Float64Array(np * m);
  for (let c = 0; c < m; c++) {
    for (let s2 = 0; s2 < K; s2++) {
      const node = Bnode[c * K + s2] as number;
      if (node < 0) continue;
      const g = Bg[c * K + s2] as number,
        po = node * m,
        so = c * m;
      for (let j = 0; j < m; j++) Pt[po + j] = (Pt[po + j] as number) + g * (sInv[so + j] as number);
    }
  }
  // J0 = Kp^-1 Pt (np x m)
  const J0 = matMul(kpInv, np, np, Pt, m);
  // F = D S^-1 - B J0 (in place over sInv)
  for (let c = 0; c < m; c++) {
    const d = Dvec[c] as number,
      ro = c * m;
    for (let j = 0; j < m; j++) sInv[ro + j] = d * (sInv[ro + j] as number);
    for (let s2 = 0; s2 < K; s2++) {
      const node = Bnode[c * K + s2] as number;
      if (node < 0) continue;
      const g = Bg[c * K + s2] as number,
        qo = node * m;
      for (let j = 0; j < m; j++) sInv[ro + j] = (sInv[ro + j] as number) - g * (J0[qo + j] as number);
    }
  }
  const F = sInv;
  // H = (F Z B - B) Kp^-1 (m x np); J1 = Kp^-1 + J0 Z B Kp^-1 (np x np)
  const FZB = matMul(F, m, m, ZB, np);
  for (let c = 0; c < m; c++) {
    for (let s2 = 0; s2 < K; s2++) {
      const node = Bnode[c * K + s2] as number;
      if (node >= 0) FZB[c * np + node] = (FZB[c * np + node] as number) - (Bg[c * K + s2] as number);
    }
  }
  const edgeFluxP = matMul(FZB, m, np, kpInv, np);
  const J0ZB = matMul(J0, np, m, ZB, np);
  const peripheryFromRhs = matMul(J0ZB, np, np, kpInv, np);
  for (let k = 0; k < np * np; k++) peripheryFromRhs[k] = (peripheryFromRhs[k] as number) + (kpInv[k] as number);
  return {
    edgeFlux: F,
    edgeFluxBlocks: edgeFluxBlocks(F, m, links.mirrorH, links.mirrorV),
    edgeFluxP,
    peripheryFromEdges: J0,
    peripheryFromRhs,
  };
}

/** S^-1 with S = I + Z D', Z = P^T K0^-1 P, D' = D - B Kp^-1 B^T (explicit, m x m), and Z B. */
function capacitySystem(
  edges: EdgeCells,
  links: PackageLinks,
  tinvCols: readonly Float64Array[],
  kpInv: Float64Array,
): { sInv: Float64Array; ZB: Float64Array } {
  const { M, E } = edges;
  const { m, np, K, pLayers, Bnode, Bg, Dvec } = links;
  const nP = pLayers.length;
  const Z = new Float64Array(m * m); // Z[row * m + col]
  const unit = new Float64Array(M);
  const y = new Float64Array(M);
  const colVals = new Float64Array(m);
  for (let a2 = 0; a2 < nP; a2++) {
    for (let c = 0; c < E; c++) {
      edges.unitSpectrum(c, unit);
      const col = a2 * E + c;
      const tc = tinvCols[a2] as Float64Array;
      for (let a = 0; a < nP; a++) {
        const lo = (pLayers[a] as number) * M;
        for (let k = 0; k < M; k++) y[k] = (tc[lo + k] as number) * (unit[k] as number);
        edges.gather(y, 0, colVals, a * E);
      }
      for (let r = 0; r < m; r++) Z[r * m + col] = colVals[r] as number;
    }
  }
  // W = Z B (m x np); Q = Kp^-1 B^T (np x m)
  const ZB = new Float64Array(m * np);
  const Q = new Float64Array(np * m);
  for (let c = 0; c < m; c++) {
    for (let s = 0; s < K; s++) {
      const node = Bnode[c * K + s] as number;
      if (node < 0) continue;
      const g = Bg[c * K + s] as number;
      for (let r = 0; r < m; r++) ZB[r * np + node] = (ZB[r * np + node] as number) + (Z[r * m + c] as number) * g;
      for (let n = 0; n < np; n++) Q[n * m + c] = (Q[n * m + c] as number) + (kpInv[n * np + node] as number) * g;
    }
  }
  const S = Z; // overwrite in place: S = I + Z diag(D) - ZB Q
  for (let r = 0; r < m; r++) {
    const ro = r * m;
    for (let c = 0; c < m; c++) S[ro + c] = (S[ro + c] as number) * (Dvec[c] as number);
    for (let n = 0; n < np; n++) {
      const w = ZB[r * np + n] as number;
      if (w === 0) continue;
      const qo = n * m;
      for (let c = 0; c < m; c++) S[ro + c] = (S[ro + c] as number) - w * (Q[qo + c] as number);
    }
    S[ro + r] = (S[ro + r] as number) + 1;
  }
  invertInPlace(S, m);
  return { sInv: S, ZB };
}
