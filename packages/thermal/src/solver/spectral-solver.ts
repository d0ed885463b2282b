/**
 * Direct solver for (G + C/h) x = b on a GridModel, exploiting that every
 * layer is laterally uniform with adiabatic die edges:
 *
 * 1. A 2-D DCT-II per layer diagonalises the in-plane operator, leaving one
 *    tridiagonal system of size n_layers per lateral mode (factored once per h;
 *    spectral-factor.ts).
 * 2. The package periphery (edge cells of the spreader and sink layers tied to
 *    12 lumped nodes; edge-cells.ts, package-links.ts) is an exact low-rank
 *    boundary correction: the periphery nodes are eliminated (Schur complement)
 *    and the edge-cell coupling handled by the capacity-matrix (Woodbury) method
 *    with an m x m dense LU, m = edge cells x perturbed layers (248 at 32x32,
 *    504 at 64x64; capacity-matrix.ts, applied by capacity-correction.ts).
 * 3. A transient step in residual form: the residual P - G x0 (spectral-residual.ts),
 *    then the stages of the rational scheme (transient-stages.ts).
 *
 * Vectors: grid part in the spectral domain (`L` layers x `M = R*C` modes,
 * layer-major, mode index p*R + q), periphery part in node space. Kelvin
 * offsets from ambient (the ambient node is the reference).
 */
import { ThermalError } from '../errors.js';
import { applyCorrection, prepareCorrection } from './capacity-correction.js';
import { capacityCorrection, uncoupledPeripheryInverse } from './capacity-matrix.js';
import { Dct2d, neumannEigenvalue } from './dct.js';
import { EdgeCells } from './edge-cells.js';
import type { GridModel } from './grid-model.js';
import { PackageLinks } from './package-links.js';
import { tridiagonalFactors, tridiagonalSolve, type SpectralFactor } from './spectral-factor.js';
import { residualEliminated, spectralDiagonal } from './spectral-residual.js';
import { createSpectralState, type SpectralState } from './spectral-state.js';
import { transientStages } from './transient-stages.js';
import type { ExponentialPoles } from './exponential-poles.js';
import { ModalIntegrator } from './modal-integrator.js';

export class SpectralSolver {
  private readonly model: GridModel;
  readonly dct: Dct2d;
  readonly L: number;
  readonly M: number;
  /** Periphery node count (0 or 12). */
  readonly np: number;
  private readonly lamR: Float64Array;
  private readonly lamC: Float64Array;
  private readonly edges: EdgeCells;
  private readonly links: PackageLinks;
  private readonly state: SpectralState;

  constructor(model: GridModel) {
    this.model = model;
    this.L = model.layers.length;
    const R = model.rows,
      C = model.cols;
    this.M = R * C;
    this.dct = new Dct2d(R, C);
    this.lamR = Float64Array.from({ length: R }, (_, q) => neumannEigenvalue(R, q));
    this.lamC = Float64Array.from({ length: C }, (_, p) => neumannEigenvalue(C, p));
    this.edges = new EdgeCells(this.dct);
    this.links = new PackageLinks(model, this.edges);
    this.np = this.links.np;
    this.state = createSpectralState(model, spectralDiagonal(model, this.lamR, this.lamC), this.edges, this.links);
  }

  /**
   * Factorises G + C/h (h = Infinity: steady state). With `coupled` false the
   * capacity-matrix boundary correction (O(m^3)) is skipped: such a factor
   * serves only uncoupled transient stages.
   */
  factor(h: number, coupled = true): SpectralFactor {
    if (!(h > 0)) throw new ThermalError('THERMAL_INPUT', `time step must be positive, got ${h}`);
    const { L, M, model, links, np } = this;
    const steady = !Number.isFinite(h);
    const cOverH = Float64Array.from(model.layers, (l) => (steady ? 0 : l.cellCapacitance / h));
    const per = model.periphery;
    const cpOverH = new Float64Array(np);
    if (per !== undefined && !steady) for (let n = 0; n < np; n++) cpOverH[n] = (per.capacitance[n] as number) / h;
    const { ip, up, ipR, upR } = tridiagonalFactors(model, this.lamR, this.lamC, cOverH);
    const gv = model.gVertical;
    const tinvCols = (coupled ? links.pLayers : []).map((pl) => {
      const col = new Float64Array(L * M);
      col.fill(1, pl * M, (pl + 1) * M);
      tridiagonalSolve(col, ip, up, gv, L, M);
      return col;
    });
    const peripheryUncoupled = per !== undefined ? uncoupledPeripheryInverse(links, cpOverH) : undefined;
    const cc =
      coupled && per !== undefined && links.m > 0
        ? capacityCorrection(this.edges, links, tinvCols, cpOverH)
        : undefined;
    const bytes =
      8 *
      (4 * L * M +
        tinvCols.length * L * M +
        (cc !== undefined ? links.m * links.m + 2 * np * links.m : 0) +
        2 * np * np);
    return {
      h,
      cOverH,
      cpOverH,
      ip,
      up,
      ipR,
      upR,
      tinvCols,
      edgeFlux: cc?.edgeFlux,
      edgeFluxBlocks: cc?.edgeFluxBlocks,
      edgeFluxP: cc?.edgeFluxP,
      peripheryFromEdges: cc?.peripheryFromEdges,
      peripheryFromRhs: cc?.peripheryFromRhs,
      peripheryUncoupled,
      coupled,
      bytes,
    };
  }

  /**
   * Solves (G + C/h) x = b. `rhsHat` (spectral, L*M) and `rhsP` (periphery)
   * hold b; the solution is written to `outHat` / `outP` (`outHat` may be
   * `rhsHat`, `outP` must not be `rhsP`). No allocation.
   */
  solve(f: SpectralFactor, rhsHat: Float64Array, rhsP: Float64Array, outHat: Float64Array, outP: Float64Array): void {
    if (!f.coupled) throw new ThermalError('THERMAL_INPUT', 'solve needs a coupled factor (factor(h, true))');
    if (outHat !== rhsHat) outHat.set(rhsHat);
    const s = this.state;
    tridiagonalSolve(outHat, f.ip, f.up, s.gv, s.L, s.M);
    if (f.edgeFlux === undefined) return;
    prepareCorrection(s, f, outHat, rhsP, outP);
    applyCorrection(s, f, outHat);
  }

  /**
   * min over the periphery-linked edge cells of (C_cell / h) / D_cell, D_cell
   * = the cell's conductance to the periphery nodes: how strongly the heat
   * capacity dominates the links that uncoupled stages leave out (Infinity
   * without periphery). Uncoupled stages are accurate and stable only when
   * this is large enough (thermal-simulator.ts: UNCOUPLED_STAGE_MIN_RATIO).
   */
  edgeCouplingRatio(h: number): number {
    const { E } = this.edges;
    const Dvec = this.links.Dvec;
    let r = Infinity;
    this.links.pLayers.forEach((pl, a) => {
      const c = (this.model.layers[pl]?.cellCapacitance ?? 0) / h;
      for (let k = 0; k < E; k++) {
        const d = Dvec[a * E + k] as number;
        if (d > 0) r = Math.min(r, c / d);
      }
    });
    return r;
  }

  /**
   * One transient step in the residual form of thermal-simulator.ts: r = P - G x0 (pHat,
   * state xHat / xP), then the stages from r into acc = xHat, accP = xP. w, rhsP and
   * outP are scratch (L*M, np, np).
   */
  transientStep(
    f: SpectralFactor,
    pHat: Float64Array,
    xHat: Float64Array,
    xP: Float64Array,
    w: Float64Array,
    rhsP: Float64Array,
    outP: Float64Array,
    coefficients: Float64Array,
    coupled: number,
  ): void {
    const s = this.state;
    residualEliminated(s, f, pHat, xHat, xP, w, rhsP);
    transientStages(s, f, w, rhsP, outP, xHat, xP, coefficients, coupled);
  }

  /** The step-length independent integrator of modal-integrator.ts on this solver's model. */
  modalIntegrator(poles?: ExponentialPoles, maxFactors?: number): ModalIntegrator {
    return new ModalIntegrator(this.model, this.state.gDiag, this.edges, this.links, poles, maxFactors);
  }

  /** Forward DCT of every layer of a physical (L*M) vector into `outHat`. */
  toSpectral(x: Float64Array, outHat: Float64Array): void {
    const M = this.M;
    for (let l = 0; l < this.L; l++) this.dct.forward(x, l * M, outHat, l * M);
  }
}
