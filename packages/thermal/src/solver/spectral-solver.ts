/**
 * Direct solver for (G + C/h) x = b on a GridModel, exploiting that every
 * layer is laterally uniform with adiabatic die edges:
 *
 * 1. A 2-D DCT-II per layer diagonalises the in-plane operator, leaving one
 *    tridiagonal system of size n_layers per lateral mode (factored once per h).
 * 2. The package periphery (edge cells of the spreader and sink layers tied to
 *    12 lumped nodes) is an exact low-rank boundary correction: the periphery
 *    nodes are eliminated (Schur complement) and the edge-cell coupling handled
 *    by the capacity-matrix (Woodbury) method with an m x m dense LU,
 *    m = edge cells x perturbed layers (248 at 32x32, 504 at 64x64).
 *
 * Vectors: grid part in the spectral domain (`L` layers x `M = R*C` modes,
 * layer-major, mode index p*R + q), periphery part in node space. Kelvin
 * offsets from ambient (the ambient node is the reference).
 */
import { ThermalError } from '../errors.js';
import { Dct2d, dctBasis, neumannEigenvalue } from './dct.js';
import { denseInverse, invertInPlace, matMul, matVec } from './dense.js';
import { applyEdgeFluxBlocks, edgeFluxBlocks, type EdgeFluxBlocks } from './edge-symmetry.js';
import type { Edge, GridModel } from './grid-model.js';
import { backDown, backDownAccumulate, backDownEliminateUp, backUpAccumulate, backUpEliminateDown, eliminateDown, eliminateDownFrom, residualEliminateDown } from './stage-kernels.js';

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

interface Segment {
  readonly row: boolean;
  /** Fixed row (row segment) or column (column segment). */
  readonly fixed: number;
  readonly from: number;
  readonly to: number;
  /** Position of the first cell in the edge-cell list. */
  readonly offset: number;
}

export class SpectralSolver {
  private readonly model: GridModel;
  readonly dct: Dct2d;
  readonly L: number;
  private readonly R: number;
  private readonly C: number;
  readonly M: number;
  /** Number of boundary unknowns of the capacity system. */
  private readonly m: number;
  /** Periphery node count (0 or 12). */
  readonly np: number;
  private readonly U: Float64Array; // [i*R + q]
  private readonly V: Float64Array; // [j*C + p]
  // row views U[i, .] and V[j, .]: single-index inner loops (V8 optimises `a[k]` far better than `a[o + k]` over several arrays)
  private readonly Urow: readonly Float64Array[];
  private readonly Vrow: readonly Float64Array[];
  private readonly lamR: Float64Array;
  private readonly lamC: Float64Array;
  private readonly segs: readonly Segment[];
  private readonly E: number;
  private readonly edgeI: Int32Array;
  private readonly edgeJ: Int32Array;
  /** Physical in-layer index i*C + j of each edge cell. */
  private readonly edgeCell: Int32Array;
  private readonly pLayers: readonly number[];
  /** Left-right and top-bottom mirror images of each capacity unknown (same layer). */
  private readonly mirrorH: Int32Array;
  private readonly mirrorV: Int32Array;
  private readonly Dvec: Float64Array;
  /** Max periphery links of one edge cell (2; 3-4 for 1-row/column grids). */
  private readonly K: number;
  private readonly Bnode: Int32Array; // [c*K + s], -1 = none
  private readonly Bg: Float64Array;
  private readonly Gpp: Float64Array;
  /** Diagonal of the grid part of G in the spectral domain (lateral + vertical + ambient), [l*M + k]. */
  private readonly gDiag: Float64Array;
  // scratch
  private readonly rq: Float64Array;
  private readonly u: Float64Array;
  private readonly fv: Float64Array;
  private readonly sHat: Float64Array[];
  /** Uncorrected solution on layers pLayers[0]..L-1 (coupled fused stage). */
  private readonly tail: Float64Array;
  /** One physical and one spectral layer (edge gather/scatter through full-layer transforms). */
  private readonly layerPhys: Float64Array;
  private readonly layerHat: Float64Array;
  /** A physical layer that is zero except at the edge cells (scatter input: no clearing). */
  private readonly edgePhys: Float64Array;
  /** One spectral layer: the previous layer of a fused back substitution (stage-kernels.ts). */
  private readonly zLayer: Float64Array;

  constructor(model: GridModel) {
    this.model = model;
    const L0 = (this.L = model.layers.length);
    const R = (this.R = model.rows);
    const C = (this.C = model.cols);
    const M = (this.M = R * C);
    this.dct = new Dct2d(R, C);
    this.U = new Float64Array(R * R);
    for (let i = 0; i < R; i++) for (let q = 0; q < R; q++) this.U[i * R + q] = dctBasis(R, i, q);
    this.V = new Float64Array(C * C);
    for (let j = 0; j < C; j++) for (let p = 0; p < C; p++) this.V[j * C + p] = dctBasis(C, j, p);
    this.Urow = Array.from({ length: R }, (_, i) => this.U.subarray(i * R, (i + 1) * R));
    this.Vrow = Array.from({ length: C }, (_, j) => this.V.subarray(j * C, (j + 1) * C));
    this.lamR = Float64Array.from({ length: R }, (_, q) => neumannEigenvalue(R, q));
    this.lamC = Float64Array.from({ length: C }, (_, p) => neumannEigenvalue(C, p));

    // Edge cells of one layer: north row, south row, west column, east column (no repeats).
    const segs: Segment[] = [];
    let off = 0;
    const addSeg = (row: boolean, fixed: number, from: number, to: number): void => {
      if (to <= from) return;
      segs.push({ row, fixed, from, to, offset: off });
      off += to - from;
    };
    addSeg(true, 0, 0, C);
    if (R > 1) addSeg(true, R - 1, 0, C);
    addSeg(false, 0, 1, R - 1);
    if (C > 1) addSeg(false, C - 1, 1, R - 1);
    this.segs = segs;
    const E = (this.E = off);
    this.edgeI = new Int32Array(E);
    this.edgeJ = new Int32Array(E);
    for (const s of segs) {
      for (let t = s.from; t < s.to; t++) {
        const c = s.offset + t - s.from;
        this.edgeI[c] = s.row ? s.fixed : t;
        this.edgeJ[c] = s.row ? t : s.fixed;
      }
    }

    this.edgeCell = Int32Array.from(this.edgeI, (i, c) => i * C + (this.edgeJ[c] as number));
    const per = model.periphery;
    this.np = per !== undefined ? per.nodeNames.length : 0;
    const np = this.np;
    this.pLayers = per !== undefined ? [...new Set(per.edgeLinks.map((e) => e.layer))].sort((a, b) => a - b) : [];
    const nP = this.pLayers.length;
    const m = (this.m = nP * E);
    this.Dvec = new Float64Array(m);
    {
      const at = new Map<number, number>();
      for (let c = 0; c < E; c++) at.set((this.edgeI[c] as number) * C + (this.edgeJ[c] as number), c);
      const mirror = (flip: (i: number, j: number) => number): Int32Array => Int32Array.from({ length: m }, (_, r) => {
        const a = Math.floor(r / E), c = r % E;
        return a * E + (at.get(flip(this.edgeI[c] as number, this.edgeJ[c] as number)) as number);
      });
      this.mirrorH = mirror((i, j) => i * C + (C - 1 - j));
      this.mirrorV = mirror((i, j) => (R - 1 - i) * C + j);
    }
    this.K = R === 1 || C === 1 ? 4 : 2;
    const K = this.K;
    this.Bnode = new Int32Array(m * K).fill(-1);
    this.Bg = new Float64Array(m * K);
    this.Gpp = new Float64Array(np * np);
    if (per !== undefined) {
      const onEdge = (c: number, e: Edge): boolean => {
        const i = this.edgeI[c] as number, j = this.edgeJ[c] as number;
        return e === 'W' ? j === 0 : e === 'E' ? j === C - 1 : e === 'N' ? i === 0 : i === R - 1;
      };
      for (const link of per.edgeLinks) {
        const a = this.pLayers.indexOf(link.layer);
        for (let c = 0; c < E; c++) {
          if (!onEdge(c, link.edge)) continue;
          const r = a * E + c;
          let slot = 0;
          while (slot < K && this.Bnode[r * K + slot] !== -1) slot++;
          if (slot === K) throw new ThermalError('THERMAL_MODEL', `a grid cell has more than ${K} periphery links`);
          this.Bnode[r * K + slot] = link.node;
          this.Bg[r * K + slot] = link.gPerCell;
          this.Dvec[r] = (this.Dvec[r] as number) + link.gPerCell;
          this.Gpp[link.node * np + link.node] = (this.Gpp[link.node * np + link.node] as number) + link.gPerCell;
        }
      }
      for (const { a, b, g } of per.links) {
        this.Gpp[a * np + a] = (this.Gpp[a * np + a] as number) + g;
        this.Gpp[b * np + b] = (this.Gpp[b * np + b] as number) + g;
        this.Gpp[a * np + b] = (this.Gpp[a * np + b] as number) - g;
        this.Gpp[b * np + a] = (this.Gpp[b * np + a] as number) - g;
      }
      for (let n = 0; n < np; n++) this.Gpp[n * np + n] = (this.Gpp[n * np + n] as number) + (per.gAmbient[n] as number);
    }
    this.gDiag = new Float64Array(L0 * M);
    {
      const gv = model.gVertical;
      for (let l = 0; l < L0; l++) {
        const layer = model.layers[l] as GridModel['layers'][number];
        const base = (l > 0 ? (gv[l - 1] as number) : 0) + (l < L0 - 1 ? (gv[l] as number) : 0) + (l === L0 - 1 ? model.gAmbientCell : 0);
        for (let p = 0, i = l * M; p < C; p++) {
          const lx = layer.gEastWest * (this.lamC[p] as number) + base;
          for (let q = 0; q < R; q++, i++) this.gDiag[i] = lx + layer.gNorthSouth * (this.lamR[q] as number);
        }
      }
    }
    this.rq = new Float64Array(Math.max(R, C));
    this.u = new Float64Array(m);
    this.fv = new Float64Array(m);
    this.sHat = this.pLayers.map(() => new Float64Array(M));
    this.layerPhys = new Float64Array(M);
    this.layerHat = new Float64Array(M);
    this.edgePhys = new Float64Array(M);
    this.zLayer = new Float64Array(M);
    this.tail = new Float64Array(this.pLayers.length > 0 ? (L0 - (this.pLayers[0] as number)) * M : 0);
  }

  /**
   * Factorises G + C/h (h = Infinity: steady state). With `coupled` false the
   * capacity-matrix boundary correction (O(m^3)) is skipped: such a factor
   * serves only uncoupled transient stages.
   */
  factor(h: number, coupled = true): SpectralFactor {
    if (!(h > 0)) throw new ThermalError('THERMAL_INPUT', `time step must be positive, got ${h}`);
    const { L, R, C, M, model } = this;
    const steady = !Number.isFinite(h);
    const cOverH = Float64Array.from(model.layers, (l) => (steady ? 0 : l.cellCapacitance / h));
    const per = model.periphery;
    const cpOverH = new Float64Array(this.np);
    if (per !== undefined && !steady) for (let n = 0; n < this.np; n++) cpOverH[n] = (per.capacitance[n] as number) / h;
    const gv = model.gVertical;
    const ip = new Float64Array(L * M), up = new Float64Array(L * M);
    const lamR = this.lamR, lamC = this.lamC;
    for (let l = 0; l < L; l++) {
      const layer = model.layers[l];
      if (layer === undefined) continue;
      const base = (cOverH[l] as number) + (l > 0 ? (gv[l - 1] as number) : 0) + (l < L - 1 ? (gv[l] as number) : 0) + (l === L - 1 ? model.gAmbientCell : 0);
      const gx = layer.gEastWest, gy = layer.gNorthSouth;
      const eUp = l < L - 1 ? -(gv[l] as number) : 0; // coupling to l+1
      const ePrev = l > 0 ? -(gv[l - 1] as number) : 0; // coupling to l-1
      const o = l * M, oPrev = (l - 1) * M;
      for (let p = 0; p < C; p++) {
        const lx = gx * (lamC[p] as number) + base;
        for (let q = 0; q < R; q++) {
          const k = p * R + q;
          let d = lx + gy * (lamR[q] as number);
          if (l > 0) d -= ePrev * (up[oPrev + k] as number);
          if (!(d > 0)) throw new ThermalError('THERMAL_MODEL', 'non-positive pivot: the model is not connected to ambient');
          const inv = 1 / d;
          ip[o + k] = inv;
          up[o + k] = eUp * inv;
        }
      }
    }
    // the reverse elimination (last layer first) of the same tridiagonal systems
    const ipR = new Float64Array(L * M), upR = new Float64Array(L * M);
    for (let l = L - 1; l >= 0; l--) {
      const layer = model.layers[l];
      if (layer === undefined) continue;
      const base = (cOverH[l] as number) + (l > 0 ? (gv[l - 1] as number) : 0) + (l < L - 1 ? (gv[l] as number) : 0) + (l === L - 1 ? model.gAmbientCell : 0);
      const gx = layer.gEastWest, gy = layer.gNorthSouth;
      const eDown = l > 0 ? -(gv[l - 1] as number) : 0; // coupling to l-1
      const eNext = l < L - 1 ? -(gv[l] as number) : 0; // coupling to l+1
      const o = l * M, oNext = (l + 1) * M;
      for (let p = 0; p < C; p++) {
        const lx = gx * (lamC[p] as number) + base;
        for (let q = 0; q < R; q++) {
          const k = p * R + q;
          let d = lx + gy * (lamR[q] as number);
          if (l < L - 1) d -= eNext * (upR[oNext + k] as number);
          if (!(d > 0)) throw new ThermalError('THERMAL_MODEL', 'non-positive pivot: the model is not connected to ambient');
          const inv = 1 / d;
          ipR[o + k] = inv;
          upR[o + k] = eDown * inv;
        }
      }
    }
    const partial = { h, cOverH, cpOverH, ip, up };
    const tinvCols = (coupled ? this.pLayers : []).map((pl) => {
      const col = new Float64Array(L * M);
      col.fill(1, pl * M, (pl + 1) * M);
      this.thomas(partial, col);
      return col;
    });
    let edgeFlux: Float64Array | undefined;
    let edgeFluxBlocks_: EdgeFluxBlocks | undefined;
    let edgeFluxP: Float64Array | undefined;
    let peripheryFromEdges: Float64Array | undefined;
    let peripheryFromRhs: Float64Array | undefined;
    let peripheryUncoupled: Float64Array | undefined;
    if (per !== undefined) {
      const np = this.np, K = this.K;
      const kt = Float64Array.from(this.Gpp);
      for (let n = 0; n < np; n++) kt[n * np + n] = (kt[n * np + n] as number) + (cpOverH[n] as number);
      for (let c = 0; c < this.m; c++) {
        for (let s2 = 0; s2 < K; s2++) {
          const node = this.Bnode[c * K + s2] as number;
          if (node >= 0) kt[node * np + node] = (kt[node * np + node] as number) - (this.Bg[c * K + s2] as number);
        }
      }
      peripheryUncoupled = denseInverse(kt, np);
    }
    if (coupled && per !== undefined && this.m > 0) {
      const np = this.np, m = this.m, K = this.K;
      const kp = Float64Array.from(this.Gpp);
      for (let n = 0; n < np; n++) kp[n * np + n] = (kp[n * np + n] as number) + (cpOverH[n] as number);
      const kpInv = denseInverse(kp, np);
      const { sInv, ZB } = this.buildCapacity(tinvCols, kpInv);
      // Pt = B^T S^-1 (np x m)
      const Pt = new Float64Array(np * m);
      for (let c = 0; c < m; c++) {
        for (let s2 = 0; s2 < K; s2++) {
          const node = this.Bnode[c * K + s2] as number;
          if (node < 0) continue;
          const g = this.Bg[c * K + s2] as number, po = node * m, so = c * m;
          for (let j = 0; j < m; j++) Pt[po + j] = (Pt[po + j] as number) + g * (sInv[so + j] as number);
        }
      }
      // J0 = Kp^-1 Pt (np x m)
      const J0 = matMul(kpInv, np, np, Pt, m);
      // F = D S^-1 - B J0 (in place over sInv)
      for (let c = 0; c < m; c++) {
        const d = this.Dvec[c] as number, ro = c * m;
        for (let j = 0; j < m; j++) sInv[ro + j] = d * (sInv[ro + j] as number);
        for (let s2 = 0; s2 < K; s2++) {
          const node = this.Bnode[c * K + s2] as number;
          if (node < 0) continue;
          const g = this.Bg[c * K + s2] as number, qo = node * m;
          for (let j = 0; j < m; j++) sInv[ro + j] = (sInv[ro + j] as number) - g * (J0[qo + j] as number);
        }
      }
      const F = sInv;
      // H = (F Z B - B) Kp^-1 (m x np); J1 = Kp^-1 + J0 Z B Kp^-1 (np x np)
      const FZB = matMul(F, m, m, ZB, np);
      for (let c = 0; c < m; c++) {
        for (let s2 = 0; s2 < K; s2++) {
          const node = this.Bnode[c * K + s2] as number;
          if (node >= 0) FZB[c * np + node] = (FZB[c * np + node] as number) - (this.Bg[c * K + s2] as number);
        }
      }
      edgeFluxP = matMul(FZB, m, np, kpInv, np);
      const J0ZB = matMul(J0, np, m, ZB, np);
      peripheryFromRhs = matMul(J0ZB, np, np, kpInv, np);
      for (let k = 0; k < np * np; k++) peripheryFromRhs[k] = (peripheryFromRhs[k] as number) + (kpInv[k] as number);
      edgeFlux = F;
      edgeFluxBlocks_ = edgeFluxBlocks(F, m, this.mirrorH, this.mirrorV);
      peripheryFromEdges = J0;
    }
    const bytes = 8 * (4 * L * M + tinvCols.length * L * M + (edgeFlux !== undefined ? this.m * this.m + 2 * this.np * this.m : 0) + 2 * this.np * this.np);
    return { h, cOverH, cpOverH, ip, up, ipR, upR, tinvCols, edgeFlux, edgeFluxBlocks: edgeFluxBlocks_, edgeFluxP, peripheryFromEdges, peripheryFromRhs, peripheryUncoupled, coupled, bytes };
  }

  /** Per-mode tridiagonal solve T x = b, in place on a spectral vector. */
  private thomas(f: { readonly ip: Float64Array; readonly up: Float64Array }, x: Float64Array): void {
    const { L, M } = this;
    const gv = this.model.gVertical;
    const ip = f.ip, up = f.up;
    for (let k = 0; k < M; k++) x[k] = (x[k] as number) * (ip[k] as number);
    for (let l = 1; l < L; l++) {
      const e = -(gv[l - 1] as number);
      for (let i = l * M, end = i + M; i < end; i++) x[i] = ((x[i] as number) - e * (x[i - M] as number)) * (ip[i] as number);
    }
    for (let l = L - 2; l >= 0; l--) {
      for (let i = l * M, end = i + M; i < end; i++) x[i] = (x[i] as number) - (up[i] as number) * (x[i + M] as number);
    }
  }

  /** Values at the edge cells of one spectral layer `y[yo ..]` -> out[oo .. oo+E). */
  private gather(y: Float64Array, yo: number, out: Float64Array, oo: number): void {
    if (this.dct.unrolled) {
      // a whole-layer inverse transform (~1 us at 16x16) beats the per-segment contractions (~4 us)
      const phys = this.layerPhys, ec = this.edgeCell;
      this.dct.inverse(y, yo, phys, 0);
      for (let c = 0, n = ec.length; c < n; c++) out[oo + c] = phys[ec[c] as number] as number;
      return;
    }
    const { R, C, Urow, Vrow } = this;
    const r = this.rq;
    for (const s of this.segs) {
      if (s.row) {
        const u = Urow[s.fixed] as Float64Array;
        for (let p = 0, b = yo; p < C; p++) {
          let acc = 0;
          for (let q = 0; q < R; q++, b++) acc += (u[q] as number) * (y[b] as number);
          r[p] = acc;
        }
        for (let j = s.from, w = oo + s.offset; j < s.to; j++, w++) {
          let acc = 0;
          const v = Vrow[j] as Float64Array;
          for (let p = 0; p < C; p++) acc += (v[p] as number) * (r[p] as number);
          out[w] = acc;
        }
      } else {
        r.fill(0, 0, R);
        const vr = Vrow[s.fixed] as Float64Array;
        for (let p = 0, b = yo; p < C; p++) {
          const v = vr[p] as number;
          for (let q = 0; q < R; q++, b++) r[q] = (r[q] as number) + v * (y[b] as number);
        }
        for (let i = s.from, w = oo + s.offset; i < s.to; i++, w++) {
          let acc = 0;
          const u = Urow[i] as Float64Array;
          for (let q = 0; q < R; q++) acc += (u[q] as number) * (r[q] as number);
          out[w] = acc;
        }
      }
    }
  }

  /** The spectral transform of edge-cell values w[wo .. wo+E) into y (length M). */
  private scatterSet(w: Float64Array, wo: number, y: Float64Array): void {
    if (this.dct.unrolled) {
      const phys = this.edgePhys, ec = this.edgeCell;
      for (let c = 0, n = ec.length; c < n; c++) phys[ec[c] as number] = w[wo + c] as number;
      this.dct.forward(phys, 0, y, 0);
      return;
    }
    y.fill(0);
    this.scatter(w, wo, y, 0);
  }

  /** Adds the spectral transform of edge-cell values w[wo .. wo+E) to y[yo ..]. */
  private scatter(w: Float64Array, wo: number, y: Float64Array, yo: number): void {
    if (this.dct.unrolled) {
      const phys = this.edgePhys, hat = this.layerHat, ec = this.edgeCell, M = this.M;
      for (let c = 0, n = ec.length; c < n; c++) phys[ec[c] as number] = w[wo + c] as number;
      this.dct.forward(phys, 0, hat, 0);
      for (let k = 0; k < M; k++) y[yo + k] = (y[yo + k] as number) + (hat[k] as number);
      return;
    }
    const { R, C, Urow, Vrow } = this;
    const r = this.rq;
    for (const s of this.segs) {
      if (s.row) {
        r.fill(0, 0, C);
        for (let j = s.from, k = wo + s.offset; j < s.to; j++, k++) {
          const wv = w[k] as number;
          if (wv === 0) continue;
          const v = Vrow[j] as Float64Array;
          for (let p = 0; p < C; p++) r[p] = (r[p] as number) + wv * (v[p] as number);
        }
        const u = Urow[s.fixed] as Float64Array;
        for (let p = 0, b = yo; p < C; p++) {
          const rp = r[p] as number;
          for (let q = 0; q < R; q++, b++) y[b] = (y[b] as number) + rp * (u[q] as number);
        }
      } else {
        r.fill(0, 0, R);
        for (let i = s.from, k = wo + s.offset; i < s.to; i++, k++) {
          const wv = w[k] as number;
          if (wv === 0) continue;
          const u = Urow[i] as Float64Array;
          for (let q = 0; q < R; q++) r[q] = (r[q] as number) + wv * (u[q] as number);
        }
        const vr = Vrow[s.fixed] as Float64Array;
        for (let p = 0, b = yo; p < C; p++) {
          const v = vr[p] as number;
          for (let q = 0; q < R; q++, b++) y[b] = (y[b] as number) + v * (r[q] as number);
        }
      }
    }
  }

  /** S^-1 with S = I + Z D', Z = P^T K0^-1 P, D' = D - B Kp^-1 B^T (explicit, m x m), and Z B. */
  private buildCapacity(tinvCols: readonly Float64Array[], kpInv: Float64Array): { sInv: Float64Array; ZB: Float64Array } {
    const { M, R, C, E, m, np, U, V, K } = this;
    const nP = this.pLayers.length;
    const Z = new Float64Array(m * m); // Z[row * m + col]
    const unit = new Float64Array(M);
    const y = new Float64Array(M);
    const colVals = new Float64Array(m);
    for (let a2 = 0; a2 < nP; a2++) {
      for (let c = 0; c < E; c++) {
        const i = this.edgeI[c] as number, j = this.edgeJ[c] as number;
        for (let p = 0; p < C; p++) {
          const v = V[j * C + p] as number;
          for (let q = 0; q < R; q++) unit[p * R + q] = v * (U[i * R + q] as number);
        }
        const col = a2 * E + c;
        const tc = tinvCols[a2] as Float64Array;
        for (let a = 0; a < nP; a++) {
          const lo = (this.pLayers[a] as number) * M;
          for (let k = 0; k < M; k++) y[k] = (tc[lo + k] as number) * (unit[k] as number);
          this.gather(y, 0, colVals, a * E);
        }
        for (let r = 0; r < m; r++) Z[r * m + col] = colVals[r] as number;
      }
    }
    // W = Z B (m x np); Q = Kp^-1 B^T (np x m)
    const ZB = new Float64Array(m * np);
    const Q = new Float64Array(np * m);
    for (let c = 0; c < m; c++) {
      for (let s = 0; s < K; s++) {
        const node = this.Bnode[c * K + s] as number;
        if (node < 0) continue;
        const g = this.Bg[c * K + s] as number;
        for (let r = 0; r < m; r++) ZB[r * np + node] = (ZB[r * np + node] as number) + (Z[r * m + c] as number) * g;
        for (let n = 0; n < np; n++) Q[n * m + c] = (Q[n * m + c] as number) + (kpInv[n * np + node] as number) * g;
      }
    }
    const S = Z; // overwrite in place: S = I + Z diag(D) - ZB Q
    for (let r = 0; r < m; r++) {
      const ro = r * m;
      for (let c = 0; c < m; c++) S[ro + c] = (S[ro + c] as number) * (this.Dvec[c] as number);
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

  /**
   * Solves (G + C/h) x = b. `rhsHat` (spectral, L*M) and `rhsP` (periphery)
   * hold b; the solution is written to `outHat` / `outP` (`outHat` may be
   * `rhsHat`, `outP` must not be `rhsP`). No allocation.
   */
  solve(f: SpectralFactor, rhsHat: Float64Array, rhsP: Float64Array, outHat: Float64Array, outP: Float64Array): void {
    if (!f.coupled) throw new ThermalError('THERMAL_INPUT', 'solve needs a coupled factor (factor(h, true))');
    if (outHat !== rhsHat) outHat.set(rhsHat);
    this.solveUncorrected(f, outHat, rhsP, outP);
    this.correct(f, outHat);
  }

  /**
   * First half of `solve`: per-mode tridiagonal solve in place on `x`,
   * periphery solution into `outP`, and the edge-flux correction prepared
   * for `correct`.
   */
  private solveUncorrected(f: SpectralFactor, x: Float64Array, rhsP: Float64Array, outP: Float64Array): void {
    this.thomas(f, x);
    const F = f.edgeFlux;
    if (F === undefined) return;
    const { M, E, m, np } = this;
    const nP = this.pLayers.length, u = this.u, fv = this.fv;
    for (let a = 0; a < nP; a++) this.gather(x, (this.pLayers[a] as number) * M, u, a * E);
    if (f.edgeFluxBlocks !== undefined) applyEdgeFluxBlocks(f.edgeFluxBlocks, u, fv);
    else matVec(F, m, m, u, fv);
    const H = f.edgeFluxP as Float64Array;
    for (let c = 0; c < m; c++) {
      let acc = fv[c] as number;
      const ho = c * np;
      for (let n = 0; n < np; n++) acc += (H[ho + n] as number) * (rhsP[n] as number);
      fv[c] = acc;
    }
    matVec(f.peripheryFromEdges as Float64Array, np, m, u, outP);
    const J1 = f.peripheryFromRhs as Float64Array;
    for (let n = 0; n < np; n++) {
      let acc = outP[n] as number;
      for (let k = 0; k < np; k++) acc += (J1[n * np + k] as number) * (rhsP[k] as number);
      outP[n] = acc;
    }
    for (let a = 0; a < nP; a++) {
      const sh = this.sHat[a] as Float64Array;
      sh.fill(0);
      this.scatter(fv, a * E, sh, 0);
    }
  }

  /**
   * min over the periphery-linked edge cells of (C_cell / h) / D_cell, D_cell
   * = the cell's conductance to the periphery nodes: how strongly the heat
   * capacity dominates the links that uncoupled stages leave out (Infinity
   * without periphery). Uncoupled stages are accurate and stable only when
   * this is large enough (thermal-simulator.ts: UNCOUPLED_STAGE_MIN_RATIO).
   */
  edgeCouplingRatio(h: number): number {
    const { E } = this;
    let r = Infinity;
    this.pLayers.forEach((pl, a) => {
      const c = (this.model.layers[pl]?.cellCapacitance ?? 0) / h;
      for (let k = 0; k < E; k++) {
        const d = this.Dvec[a * E + k] as number;
        if (d > 0) r = Math.min(r, c / d);
      }
    });
    return r;
  }

  /**
   * The boundary correction of an exact stage between its down elimination and its back
   * substitution: x (down-eliminated) becomes the down-eliminated right-hand side minus P f,
   * outP the periphery solution. Needs f.edgeFlux. Same result as `solve`'s correction
   * x -= T^-1 P f after the back substitution, but P f is applied by re-running the forward
   * elimination on the periphery layers only (they are the last grid layers, so a
   * right-hand side change there touches no earlier forward value) before the one back
   * substitution, instead of a full extra pass with the precomputed T^-1 columns.
   */
  private correctEliminated(f: SpectralFactor, x: Float64Array, rhsP: Float64Array, outP: Float64Array): void {
    const F = f.edgeFlux as Float64Array;
    const { L, M, E, m, np } = this;
    const gv = this.model.gVertical;
    const ip = f.ip, up = f.up;
    // uncorrected solution on the periphery layers: back substitution from the last layer down to the first periphery layer
    const p0 = this.pLayers[0] as number, tail = this.tail;
    const last = (L - 1 - p0) * M;
    for (let k = 0, i = (L - 1) * M; k < M; k++, i++) tail[last + k] = x[i] as number;
    for (let l = L - 2; l >= p0; l--) {
      for (let k = 0, t = (l - p0) * M, i = l * M; k < M; k++, t++, i++) tail[t] = (x[i] as number) - (up[i] as number) * (tail[t + M] as number);
    }
    const u = this.u, fv = this.fv, nP = this.pLayers.length;
    for (let q = 0; q < nP; q++) this.gather(tail, ((this.pLayers[q] as number) - p0) * M, u, q * E);
    if (f.edgeFluxBlocks !== undefined) applyEdgeFluxBlocks(f.edgeFluxBlocks, u, fv);
    else matVec(F, m, m, u, fv);
    const H = f.edgeFluxP as Float64Array;
    for (let c = 0; c < m; c++) {
      let s = fv[c] as number;
      for (let n = 0, h = c * np; n < np; n++, h++) s += (H[h] as number) * (rhsP[n] as number);
      fv[c] = s;
    }
    matVec(f.peripheryFromEdges as Float64Array, np, m, u, outP);
    const J1 = f.peripheryFromRhs as Float64Array;
    for (let n = 0; n < np; n++) {
      let s = outP[n] as number;
      for (let k = 0; k < np; k++) s += (J1[n * np + k] as number) * (rhsP[k] as number);
      outP[n] = s;
    }
    // right-hand side -= P f on the periphery layers: redo their forward elimination with the change
    for (let q = 0; q < nP; q++) this.scatterSet(fv, q * E, this.sHat[q] as Float64Array);
    for (let l = p0, q = 0; l < L; l++) {
      const isP = q < nP && this.pLayers[q] === l;
      const sh = isP ? (this.sHat[q] as Float64Array) : undefined;
      if (isP) q++;
      // delta_l = (-s_l + g_(l-1) delta_(l-1)) ip_l, kept in tail (free again) and added to x
      addEliminatedChange(x, tail, ip, sh, l > p0 ? (gv[l - 1] as number) : 0, l > p0, l * M, (l - p0) * M, M);
    }
  }

  /**
   * All stages of one transient step (thermal-simulator.ts): on entry x holds the first
   * stage's right-hand side, down-eliminated (eliminateDown of stage-kernels.ts), and rhsP
   * its periphery part; on exit acc += sum_k c_k z_k and accP likewise (z_k = stage k's
   * solution, stage k+1 solving (G + C/h) z = (C/h) z_k). The first `coupled` stages are
   * exact (boundary correction); the others solve the UNCOUPLED operator K~ = K - E, E = the
   * links between the spreader/sink edge cells and the periphery nodes (as a Laplacian):
   * per-mode tridiagonal on the grid, (Gpp' + Cp/h)^-1 on the periphery. K~ <= K; it is the
   * approximate stage operator of the fast transient (thermal-simulator.ts, stages after
   * `coupledStages`). Stages after the exact ones alternate the elimination direction, so
   * each back substitution also performs the next stage's elimination (stage-kernels.ts).
   * x, rhsP and outP are overwritten (x ends as scratch, not the last stage's solution).
   */
  private stagesFromEliminated(f: SpectralFactor, x: Float64Array, rhsP: Float64Array, outP: Float64Array, acc: Float64Array, accP: Float64Array, coefficients: Float64Array, coupled: number): void {
    const { L, M, np } = this;
    const g = this.model.gVertical, co = f.cOverH, cp = f.cpOverH, kt = f.peripheryUncoupled;
    const S = coefficients.length, z = this.zLayer;
    let down = true;
    for (let st = 0; st < S; st++) {
      const a = coefficients[st] as number;
      // exact stages are all leading and down-eliminated
      if (st < coupled && f.edgeFlux !== undefined) this.correctEliminated(f, x, rhsP, outP);
      else if (kt !== undefined) matVec(kt, np, np, rhsP, outP);
      if (st === S - 1) {
        if (down) backDownAccumulate(x, f.up, acc, a, z, L, M);
        else backUpAccumulate(x, f.upR, acc, a, z, L, M);
      } else if (st + 1 < coupled) {
        backDown(x, f.up, acc, a, co, L, M);
        eliminateDown(x, f.ip, g, L, M);
      } else if (down) {
        backDownEliminateUp(x, f.up, f.ipR, g, acc, a, co, z, L, M);
        down = false;
      } else {
        backUpEliminateDown(x, f.upR, f.ip, g, acc, a, co, z, L, M);
        down = true;
      }
      for (let k = 0; k < np; k++) {
        accP[k] = (accP[k] as number) + a * (outP[k] as number);
        rhsP[k] = (outP[k] as number) * (cp[k] as number);
      }
    }
  }

  /** Second half of `solve`: x -= T^-1 P f (the prepared edge-flux correction). */
  private correct(f: SpectralFactor, x: Float64Array): void {
    if (f.edgeFlux === undefined) return;
    const { L, M } = this;
    const nP = this.pLayers.length;
    for (let a = 0; a < nP; a++) {
      const col = f.tinvCols[a] as Float64Array, sh = this.sHat[a] as Float64Array;
      for (let l = 0, i = 0; l < L; l++) {
        for (let k = 0; k < M; k++, i++) x[i] = (x[i] as number) - (col[i] as number) * (sh[k] as number);
      }
    }
  }

  /**
   * Grid part of the residual of the power balance, outHat = pHat - G xHat without the edge
   * links, layers from .. to-1. `outHat` must not alias `xHat`.
   */
  private residualLayers(pHat: Float64Array, xHat: Float64Array, outHat: Float64Array, from: number, to: number): void {
    const { L, M } = this;
    const gv = this.model.gVertical, gd = this.gDiag;
    for (let l = from; l < to; l++) {
      const gDown = l > 0 ? (gv[l - 1] as number) : 0, gUp = l < L - 1 ? (gv[l] as number) : 0;
      const i0 = l * M, end = i0 + M;
      if (l > 0 && l < L - 1) {
        for (let i = i0; i < end; i++) outHat[i] = (pHat[i] as number) - ((gd[i] as number) * (xHat[i] as number) - gDown * (xHat[i - M] as number) - gUp * (xHat[i + M] as number));
      } else if (l > 0) {
        for (let i = i0; i < end; i++) outHat[i] = (pHat[i] as number) - ((gd[i] as number) * (xHat[i] as number) - gDown * (xHat[i - M] as number));
      } else if (l < L - 1) {
        for (let i = i0; i < end; i++) outHat[i] = (pHat[i] as number) - ((gd[i] as number) * (xHat[i] as number) - gUp * (xHat[i + M] as number));
      } else {
        for (let i = i0; i < end; i++) outHat[i] = (pHat[i] as number) - (gd[i] as number) * (xHat[i] as number);
      }
    }
  }

  /**
   * Edge-link part of the residual: adds -(G x) of the edge links to outHat on the periphery
   * layers and writes outP = -(G x)_periphery (the periphery nodes carry no power).
   */
  private residualEdges(xHat: Float64Array, xP: Float64Array, outHat: Float64Array, outP: Float64Array): void {
    const { M, E, m, np, K } = this;
    if (np === 0 || m === 0) {
      outP.fill(0);
      return;
    }
    const u = this.u, fv = this.fv, nP = this.pLayers.length;
    for (let a = 0; a < nP; a++) this.gather(xHat, (this.pLayers[a] as number) * M, u, a * E);
    for (let c = 0; c < m; c++) {
      let acc = (this.Dvec[c] as number) * (u[c] as number);
      for (let s = 0; s < K; s++) {
        const node = this.Bnode[c * K + s] as number;
        if (node >= 0) acc -= (this.Bg[c * K + s] as number) * (xP[node] as number);
      }
      fv[c] = -acc;
    }
    for (let a = 0; a < nP; a++) this.scatter(fv, a * E, outHat, (this.pLayers[a] as number) * M);
    for (let n = 0; n < np; n++) {
      let acc = 0;
      for (let k = 0; k < np; k++) acc += (this.Gpp[n * np + k] as number) * (xP[k] as number);
      outP[n] = -acc;
    }
    for (let c = 0; c < m; c++) {
      const uc = u[c] as number;
      for (let s = 0; s < K; s++) {
        const node = this.Bnode[c * K + s] as number;
        if (node >= 0) outP[node] = (outP[node] as number) + (this.Bg[c * K + s] as number) * uc;
      }
    }
  }

  /**
   * The residual pHat - G x (into x, periphery part into rhsP), down-eliminated
   * (eliminateDown of stage-kernels.ts) in the same pass on the layers below the periphery
   * layers: the first pass of `transientStep`.
   */
  private residualEliminated(f: SpectralFactor, pHat: Float64Array, xHat: Float64Array, xP: Float64Array, x: Float64Array, rhsP: Float64Array): void {
    const { L, M } = this;
    const g = this.model.gVertical;
    const split = Math.min(this.pLayers.length > 0 ? (this.pLayers[0] as number) : L - 1, L - 1);
    residualEliminateDown(x, pHat, xHat, this.gDiag, f.ip, g, split, M);
    this.residualLayers(pHat, xHat, x, split, L);
    this.residualEdges(xHat, xP, x, rhsP);
    eliminateDownFrom(x, f.ip, g, split, L, M);
  }

  /**
   * One transient step in the residual form of thermal-simulator.ts: r = P - G x0 (pHat,
   * state xHat / xP), then the stages from r into acc = xHat, accP = xP. w, rhsP and
   * outP are scratch (L*M, np, np).
   */
  transientStep(f: SpectralFactor, pHat: Float64Array, xHat: Float64Array, xP: Float64Array, w: Float64Array, rhsP: Float64Array, outP: Float64Array, coefficients: Float64Array, coupled: number): void {
    this.residualEliminated(f, pHat, xHat, xP, w, rhsP);
    this.stagesFromEliminated(f, w, rhsP, outP, xHat, xP, coefficients, coupled);
  }

  /** Forward DCT of every layer of a physical (L*M) vector into `outHat`. */
  toSpectral(x: Float64Array, outHat: Float64Array): void {
    const M = this.M;
    for (let l = 0; l < this.L; l++) this.dct.forward(x, l * M, outHat, l * M);
  }

}

/**
 * One layer of the correction's repeated elimination: d = (-s + g d_prev) ip (s = the
 * layer's scattered edge flux, undefined = none; d_prev = tail[t - M] when hasPrev), kept in
 * tail[t ..] and added to x[i ..].
 */
function addEliminatedChange(x: Float64Array, tail: Float64Array, ip: Float64Array, s: Float64Array | undefined, g: number, hasPrev: boolean, i0: number, t0: number, M: number): void {
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
