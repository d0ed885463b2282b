/**
 * What the passes of the spectral solver share (spectral-residual.ts, capacity-correction.ts,
 * transient-stages.ts): the grid's dimensions, the fixed parts of G and preallocated
 * scratch, so a solve or a transient step allocates nothing.
 */
import type { EdgeCells } from './edge-cells.js';
import type { GridModel } from './grid-model.js';
import type { PackageLinks } from './package-links.js';

export interface SpectralState {
  readonly L: number;
  readonly M: number;
  /** GridModel.gVertical: conductance between a cell of layer l and the same cell of layer l+1. */
  readonly gv: Float64Array;
  /** Diagonal of the grid part of G in the spectral domain (lateral + vertical + ambient), [l*M + k]. */
  readonly gDiag: Float64Array;
  readonly edges: EdgeCells;
  readonly links: PackageLinks;
  // scratch
  /** Edge-cell values of the periphery layers (m). */
  readonly u: Float64Array;
  /** Edge-cell fluxes of the periphery layers (m). */
  readonly fv: Float64Array;
  /** Spectral transform of each periphery layer's part of fv (M each). */
  readonly sHat: readonly Float64Array[];
  /** Uncorrected solution on layers pLayers[0]..L-1 (coupled fused stage). */
  readonly tail: Float64Array;
  /** One spectral layer: the previous layer of a fused back substitution (stage-kernels.ts). */
  readonly zLayer: Float64Array;
}

export function createSpectralState(
  model: GridModel,
  gDiag: Float64Array,
  edges: EdgeCells,
  links: PackageLinks,
): SpectralState {
  const L = model.layers.length,
    M = edges.M,
    m = links.m,
    pLayers = links.pLayers;
  return {
    L,
    M,
    gv: model.gVertical,
    gDiag,
    edges,
    links,
    u: new Float64Array(m),
    fv: new Float64Array(m),
    sHat: pLayers.map(() => new Float64Array(M)),
    tail: new Float64Array(pLayers.length > 0 ? (L - (pLayers[0] as number)) * M : 0),
    zLayer: new Float64Array(M),
  };
}
