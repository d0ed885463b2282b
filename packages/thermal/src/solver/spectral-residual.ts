/**
 * The residual of the power balance, r = P - G x, on a spectral state: the first pass of a
 * transient step in residual form (thermal-simulator.ts). The grid part of G is, per
 * lateral mode, a diagonal (gDiag) and the vertical links to the same mode of the layers
 * above and below; the package edge links (package-links.ts) act on the edge cells of the
 * spreader and sink layers and on the periphery nodes.
 */
import type { GridModel } from './grid-model.js';
import type { SpectralFactor } from './spectral-factor.js';
import type { SpectralState } from './spectral-state.js';
import { eliminateDownFrom, residualEliminateDown } from './stage-kernels.js';

/** SpectralState.gDiag of a model (lamR, lamC as for tridiagonalFactors). */
export function spectralDiagonal(model: GridModel, lamR: Float64Array, lamC: Float64Array): Float64Array {
  const L = model.layers.length,
    R = model.rows,
    C = model.cols,
    M = R * C;
  const gDiag = new Float64Array(L * M);
  const gv = model.gVertical;
  for (let l = 0; l < L; l++) {
    const layer = model.layers[l] as GridModel['layers'][number];
    const base =
      (l > 0 ? (gv[l - 1] as number) : 0) +
      (l < L - 1 ? (gv[l] as number) : 0) +
      (l === L - 1 ? model.gAmbientCell : 0);
    for (let p = 0, i = l * M; p < C; p++) {
      const lx = layer.gEastWest * (lamC[p] as number) + base;
      for (let q = 0; q < R; q++, i++) gDiag[i] = lx + layer.gNorthSouth * (lamR[q] as number);
    }
  }
  return gDiag;
}

/**
 * Grid part of the residual of the power balance, outHat = pHat - G xHat without the edge
 * links, layers from .. to-1. `outHat` must not alias `xHat`.
 */
function residualLayers(
  s: SpectralState,
  pHat: Float64Array,
  xHat: Float64Array,
  outHat: Float64Array,
  from: number,
  to: number,
): void {
  const { L, M } = s;
  const gv = s.gv,
    gd = s.gDiag;
  for (let l = from; l < to; l++) {
    const gDown = l > 0 ? (gv[l - 1] as number) : 0,
      gUp = l < L - 1 ? (gv[l] as number) : 0;
    const i0 = l * M,
      end = i0 + M;
    if (l > 0 && l < L - 1) {
      for (let i = i0; i < end; i++)
        outHat[i] =
          (pHat[i] as number) -
          ((gd[i] as number) * (xHat[i] as number) - gDown * (xHat[i - M] as number) - gUp * (xHat[i + M] as number));
    } else if (l > 0) {
      for (let i = i0; i < end; i++)
        outHat[i] = (pHat[i] as number) - ((gd[i] as number) * (xHat[i] as number) - gDown * (xHat[i - M] as number));
    } else if (l < L - 1) {
      for (let i = i0; i < end; i++)
        outHat[i] = (pHat[i] as number) - ((gd[i] as number) * (xHat[i] as number) - gUp * (xHat[i + M] as number));
    } else {
      for (let i = i0; i < end; i++) outHat[i] = (pHat[i] as number) - (gd[i] as number) * (xHat[i] as number);
    }
  }
}

/**
 * Edge-link part of the residual: adds -(G x) of the edge links to outHat on the periphery
 * layers and writes outP = -(G x)_periphery (the periphery nodes carry no power).
 */
function residualEdges(
  s: SpectralState,
  xHat: Float64Array,
  xP: Float64Array,
  outHat: Float64Array,
  outP: Float64Array,
): void {
  const { M, edges, links } = s;
  const { E } = edges;
  const { m, np, K, pLayers, Dvec, Bnode, Bg, Gpp } = links;
  if (np === 0 || m === 0) {
    outP.fill(0);
    return;
  }
  const u = s.u,
    fv = s.fv,
    nP = pLayers.length;
  for (let a = 0; a < nP; a++) edges.gather(xHat, (pLayers[a] as number) * M, u, a * E);
  for (let c = 0; c < m; c++) {
    let acc = (Dvec[c] as number) * (u[c] as number);
    for (let k = 0; k < K; k++) {
      const node = Bnode[c * K + k] as number;
      if (node >= 0) acc -= (Bg[c * K + k] as number) * (xP[node] as number);
    }
    fv[c] = -acc;
  }
  for (let a = 0; a < nP; a++) edges.scatter(fv, a * E, outHat, (pLayers[a] as number) * M);
  for (let n = 0; n < np; n++) {
    let acc = 0;
    for (let k = 0; k < np; k++) acc += (Gpp[n * np + k] as number) * (xP[k] as number);
    outP[n] = -acc;
  }
  for (let c = 0; c < m; c++) {
    const uc = u[c] as number;
    for (let k = 0; k < K; k++) {
      const node = Bnode[c * K + k] as number;
      if (node >= 0) outP[node] = (outP[node] as number) + (Bg[c * K + k] as number) * uc;
    }
  }
}

/**
 * The residual pHat - G x (into x, periphery part into rhsP), down-eliminated
 * (eliminateDown of stage-kernels.ts) in the same pass on the layers below the periphery
 * layers: the first pass of SpectralSolver.transientStep.
 */
export function residualEliminated(
  s: SpectralState,
  f: SpectralFactor,
  pHat: Float64Array,
  xHat: Float64Array,
  xP: Float64Array,
  x: Float64Array,
  rhsP: Float64Array,
): void {
  const { L, M } = s;
  const g = s.gv,
    pLayers = s.links.pLayers;
  const split = Math.min(pLayers.length > 0 ? (pLayers[0] as number) : L - 1, L - 1);
  residualEliminateDown(x, pHat, xHat, s.gDiag, f.ip, g, split, M);
  residualLayers(s, pHat, xHat, x, split, L);
  residualEdges(s, xHat, xP, x, rhsP);
  eliminateDownFrom(x, f.ip, g, split, L, M);
}
