/**
 * The package edge links (spreader/sink edge cells <-> the 12 periphery nodes, package-links.ts)
 * as a low-rank correction in the modal basis of G0 (modal-basis.ts). The links form
 * E = U W U^T, U = the selection of the m edge cells and np periphery nodes (m' = m + np
 * boundary unknowns), W = sum over links of g (e_cell - e_node)(e_cell - e_node)^T. For a
 * shifted operator K0 = h G0 + z C (z complex, C = capacities), Woodbury gives
 *
 *   (K0 + h E)^-1 - K0^-1 = -K0^-1 U (I + h W Z)^-1 h W U^T K0^-1,   Z = U^T K0^-1 U,
 *
 * with K0^-1 = V diag(1/(h lambda + z)) V^T per lateral mode. A term stores d = 1/(h lambda + z)
 * per modal coordinate and the complex LU of I + h W Z (m' x m', built once per h and pole).
 */
import { complexLuFactor, complexLuSolve, type ComplexLu } from './complex-dense.js';
import { boundarySymmetry, type BoundarySymmetry } from './boundary-symmetry.js';
import type { EdgeCells } from './edge-cells.js';
import type { ModalBasis } from './modal-basis.js';
import type { PackageLinks } from './package-links.js';

export interface CouplingTerm {
  /** Scale of W (the step length h; 1 for the steady operator). */
  readonly h: number;
  /** 1 / (h lambda + z) per modal coordinate (grid L*M, then periphery np). */
  readonly dRe: Float64Array;
  readonly dIm: Float64Array;
  /** Weight c of the term: apply adds Re(c d .* V^T U f). */
  readonly cRe: number;
  readonly cIm: number;
  /**
   * LU of I + h W Z: one block per symmetry class in the coordinates S of
   * boundary-symmetry.ts (rows `rows` of S), or one block of all unknowns in the plain
   * coordinates when the matrix does not commute with the mirrors; empty without package links.
   */
  readonly blocks: readonly CapacityBlock[];
  /** Whether the blocks are in the symmetry coordinates. */
  readonly symmetric: boolean;
}

export interface CapacityBlock {
  readonly rows: Int32Array;
  readonly lu: ComplexLu;
  readonly xRe: Float64Array;
  readonly xIm: Float64Array;
}

/** Largest off-block entry of S A S^T, relative to the largest entry, still taken as rounding. */
const SYMMETRY_TOLERANCE = 1e-11;

export class CouplingCorrection {
  private readonly basis: ModalBasis;
  private readonly edges: EdgeCells;
  private readonly pLayers: readonly number[];
  /** Boundary unknowns m' (edge cells of the periphery layers, then periphery nodes). */
  readonly size: number;
  private readonly m: number;
  private readonly E: number;
  // links as (boundary row of the cell, node, g)
  private readonly linkCell: Int32Array;
  private readonly linkNode: Int32Array;
  private readonly linkG: Float64Array;
  // scratch
  private readonly layerRe: Float64Array[];
  private readonly layerIm: Float64Array[];
  private readonly vRe: Float64Array;
  private readonly vIm: Float64Array;
  private readonly wRe: Float64Array;
  private readonly wIm: Float64Array;
  private readonly sym: BoundarySymmetry | undefined;
  /** The mirror permutations of the boundary unknowns and the rows of S in each class. */
  private readonly mirrorH: Int32Array;
  private readonly mirrorV: Int32Array;
  private readonly classRows: readonly Int32Array[];
  private readonly tRe: Float64Array;
  private readonly tIm: Float64Array;

  constructor(basis: ModalBasis, edges: EdgeCells, links: PackageLinks) {
    this.basis = basis;
    this.edges = edges;
    this.pLayers = links.pLayers;
    this.m = links.m;
    this.E = edges.E;
    this.size = links.np > 0 && links.m > 0 ? links.m + links.np : 0;
    const cells: number[] = [],
      nodes: number[] = [],
      gs: number[] = [];
    for (let r = 0; r < links.m; r++) {
      for (let s = 0; s < links.K; s++) {
        const node = links.Bnode[r * links.K + s] as number;
        if (node < 0) continue;
        cells.push(r);
        nodes.push(node);
        gs.push(links.Bg[r * links.K + s] as number);
      }
    }
    this.linkCell = Int32Array.from(cells);
    this.linkNode = Int32Array.from(nodes);
    this.linkG = Float64Array.from(gs);
    const M = basis.M;
    this.layerRe = this.pLayers.map(() => new Float64Array(M));
    this.layerIm = this.pLayers.map(() => new Float64Array(M));
    this.vRe = new Float64Array(this.size);
    this.vIm = new Float64Array(this.size);
    this.wRe = new Float64Array(this.size);
    this.wIm = new Float64Array(this.size);
    this.tRe = new Float64Array(this.size);
    this.tIm = new Float64Array(this.size);
    [this.mirrorH, this.mirrorV] = this.mirrors(links);
    this.sym = this.size > 0 ? boundarySymmetry(this.mirrorH, this.mirrorV) : undefined;
    const sym = this.sym;
    this.classRows = [0, 1, 2, 3].map((k) =>
      sym === undefined
        ? new Int32Array(0)
        : Int32Array.from([...Array(this.size).keys()].filter((r) => sym.cls[r] === k)),
    );
  }

  /** The mirror permutations of the boundary unknowns (edge cells from PackageLinks; nodes W<->E, N<->S per group of 4). */
  private mirrors(links: PackageLinks): [Int32Array, Int32Array] {
    const mp = this.size,
      m = this.m;
    const h = new Int32Array(mp),
      v = new Int32Array(mp);
    for (let r = 0; r < m; r++) {
      h[r] = links.mirrorH[r] as number;
      v[r] = links.mirrorV[r] as number;
    }
    for (let nd = 0; nd < links.np; nd++) {
      const x = nd % 4,
        g = nd - x; // W E N S
      h[m + nd] = m + g + (x === 0 ? 1 : x === 1 ? 0 : x);
      v[m + nd] = m + g + (x === 2 ? 3 : x === 3 ? 2 : x);
    }
    return [h, v];
  }

  /** The term for K0 = h G0 + z C with weight c (allocates; O(m'^3)). */
  build(h: number, zRe: number, zIm: number, cRe: number, cIm: number): CouplingTerm {
    const { L, M, np, lam, lamP } = this.basis;
    const n = L * M + np;
    const dRe = new Float64Array(n),
      dIm = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const x = h * (k < L * M ? (lam[k] as number) : (lamP[k - L * M] as number)) + zRe;
      const den = x * x + zIm * zIm;
      dRe[k] = x / den;
      dIm[k] = -zIm / den;
    }
    const { blocks, symmetric } = this.size > 0 ? this.factorCapacity(h, dRe, dIm) : { blocks: [], symmetric: false };
    return { h, dRe, dIm, cRe, cIm, blocks, symmetric };
  }

  private factorCapacity(
    h: number,
    dRe: Float64Array,
    dIm: Float64Array,
  ): { blocks: CapacityBlock[]; symmetric: boolean } {
    const { L, M, np, q, invSqrtC, qp, invSqrtCp } = this.basis;
    const mp = this.size,
      m = this.m,
      E = this.E,
      pl = this.pLayers,
      nP = pl.length;
    const zRe = new Float64Array(mp * mp),
      zIm = new Float64Array(mp * mp);
    // grid block: Z[(a,c),(b,c')] = sum_k phi_k(c) phi_k(c') G_ab,k, G_ab,k = sum_i V[a,i] V[b,i] d_ki
    const gRe = new Float64Array(M),
      gIm = new Float64Array(M),
      unit = new Float64Array(M);
    const colRe = new Float64Array(E),
      colIm = new Float64Array(E);
    const LL = L * L;
    for (let b = 0; b < nP; b++) {
      // Z is symmetric (K0 is): the blocks a > b are the transposes of those below
      for (let a = 0; a <= b; a++) {
        const la = pl[a] as number,
          lb = pl[b] as number;
        const s = (invSqrtC[la] as number) * (invSqrtC[lb] as number);
        for (let k = 0; k < M; k++) {
          let sr = 0,
            si = 0;
          const qa = k * LL + la * L,
            qb = k * LL + lb * L;
          for (let i = 0; i < L; i++) {
            const w = (q[qa + i] as number) * (q[qb + i] as number);
            sr += w * (dRe[k * L + i] as number);
            si += w * (dIm[k * L + i] as number);
          }
          gRe[k] = s * sr;
          gIm[k] = s * si;
        }
        const lr = this.layerRe[0] as Float64Array,
          li = this.layerIm[0] as Float64Array;
        for (let c2 = 0; c2 < E; c2++) {
          this.edges.unitSpectrum(c2, unit);
          for (let k = 0; k < M; k++) {
            lr[k] = (gRe[k] as number) * (unit[k] as number);
            li[k] = (gIm[k] as number) * (unit[k] as number);
          }
          this.edges.gather(lr, 0, colRe, 0);
          this.edges.gather(li, 0, colIm, 0);
          const col = b * E + c2;
          for (let c = 0; c < E; c++) {
            zRe[(a * E + c) * mp + col] = colRe[c] as number;
            zIm[(a * E + c) * mp + col] = colIm[c] as number;
            zRe[col * mp + a * E + c] = colRe[c] as number;
            zIm[col * mp + a * E + c] = colIm[c] as number;
          }
        }
      }
    }
    // periphery block
    for (let r = 0; r < np; r++) {
      for (let s = 0; s < np; s++) {
        let sr = 0,
          si = 0;
        for (let i = 0; i < np; i++) {
          const w = (qp[r * np + i] as number) * (qp[s * np + i] as number);
          sr += w * (dRe[L * M + i] as number);
          si += w * (dIm[L * M + i] as number);
        }
        const sc = (invSqrtCp[r] as number) * (invSqrtCp[s] as number);
        zRe[(m + r) * mp + m + s] = sc * sr;
        zIm[(m + r) * mp + m + s] = sc * si;
      }
    }
    // A = I + h W Z, W = sum over links of g (e_cell - e_node)(e_cell - e_node)^T
    const aRe = new Float64Array(mp * mp),
      aIm = new Float64Array(mp * mp);
    for (let t = 0; t < this.linkG.length; t++) {
      const rc = this.linkCell[t] as number,
        rn = m + (this.linkNode[t] as number),
        hg = h * (this.linkG[t] as number);
      for (let j = 0; j < mp; j++) {
        const dr = (zRe[rc * mp + j] as number) - (zRe[rn * mp + j] as number);
        const di = (zIm[rc * mp + j] as number) - (zIm[rn * mp + j] as number);
        aRe[rc * mp + j] = (aRe[rc * mp + j] as number) + hg * dr;
        aIm[rc * mp + j] = (aIm[rc * mp + j] as number) + hg * di;
        aRe[rn * mp + j] = (aRe[rn * mp + j] as number) - hg * dr;
        aIm[rn * mp + j] = (aIm[rn * mp + j] as number) - hg * di;
      }
    }
    for (let j = 0; j < mp; j++) aRe[j * mp + j] = (aRe[j * mp + j] as number) + 1;
    const sym = this.sym;
    if (sym !== undefined && this.commutesWithMirrors(aRe, aIm)) {
      // the diagonal blocks of B = S A S^T (S sparse: <= 4 entries per row); the off-block part is zero
      const blocks: CapacityBlock[] = [];
      for (let k = 0; k < 4; k++) {
        const rows = this.classRows[k] as Int32Array;
        const n = rows.length;
        if (n === 0) continue;
        const re = new Float64Array(n * n),
          im = new Float64Array(n * n);
        for (let i = 0; i < n; i++) {
          const r = rows[i] as number;
          for (let j = 0; j < n; j++) {
            const c = rows[j] as number;
            let sr = 0,
              si = 0;
            for (let t = 4 * r; t < 4 * r + 4; t++) {
              const g = sym.idx[t] as number;
              if (g < 0) break;
              const wg = sym.w[t] as number;
              for (let u = 4 * c; u < 4 * c + 4; u++) {
                const h = sym.idx[u] as number;
                if (h < 0) break;
                const ww = wg * (sym.w[u] as number);
                sr += ww * (aRe[g * mp + h] as number);
                si += ww * (aIm[g * mp + h] as number);
              }
            }
            re[i * n + j] = sr;
            im[i * n + j] = si;
          }
        }
        blocks.push({ rows, lu: complexLuFactor(re, im, n), xRe: new Float64Array(n), xIm: new Float64Array(n) });
      }
      return { blocks, symmetric: true };
    }
    const all = Int32Array.from({ length: mp }, (_, i) => i);
    return {
      blocks: [{ rows: all, lu: complexLuFactor(aRe, aIm, mp), xRe: new Float64Array(mp), xIm: new Float64Array(mp) }],
      symmetric: false,
    };
  }

  /**
   * Whether A commutes with both mirrors of the boundary unknowns (A[Pi][Pj] = A[i][j] up to
   * SYMMETRY_TOLERANCE of the largest entry): then S A S^T is block diagonal by class.
   */
  private commutesWithMirrors(aRe: Float64Array, aIm: Float64Array): boolean {
    const mp = this.size,
      h = this.mirrorH,
      v = this.mirrorV;
    let big = 0;
    for (let k = 0; k < mp * mp; k++) big = Math.max(big, (aRe[k] as number) ** 2 + (aIm[k] as number) ** 2);
    const tol2 = SYMMETRY_TOLERANCE * SYMMETRY_TOLERANCE * big;
    for (let i = 0; i < mp; i++) {
      const hi = (h[i] as number) * mp,
        vi = (v[i] as number) * mp;
      for (let j = 0; j < mp; j++) {
        const a = i * mp + j,
          b = hi + (h[j] as number),
          c = vi + (v[j] as number);
        const dr = (aRe[a] as number) - (aRe[b] as number),
          di = (aIm[a] as number) - (aIm[b] as number);
        const er = (aRe[a] as number) - (aRe[c] as number),
          ei = (aIm[a] as number) - (aIm[c] as number);
        if (dr * dr + di * di > tol2 || er * er + ei * ei > tol2) return false;
      }
    }
    return true;
  }

  /** In place on (wRe, wIm): (I + h W Z)^-1 w through the term's blocks. */
  private capacitySolve(t: CouplingTerm, wRe: Float64Array, wIm: Float64Array): void {
    const sym = this.sym;
    if (!t.symmetric || sym === undefined) {
      complexLuSolve((t.blocks[0] as CapacityBlock).lu, wRe, wIm);
      return;
    }
    const tRe = this.tRe,
      tIm = this.tIm,
      mp = this.size;
    for (let r = 0; r < mp; r++) {
      let sr = 0,
        si = 0;
      for (let k = 4 * r; k < 4 * r + 4; k++) {
        const g = sym.idx[k] as number;
        if (g < 0) break;
        sr += (sym.w[k] as number) * (wRe[g] as number);
        si += (sym.w[k] as number) * (wIm[g] as number);
      }
      tRe[r] = sr;
      tIm[r] = si;
    }
    for (const b of t.blocks) {
      const rows = b.rows,
        n = rows.length,
        xr = b.xRe,
        xi = b.xIm;
      for (let i = 0; i < n; i++) {
        xr[i] = tRe[rows[i] as number] as number;
        xi[i] = tIm[rows[i] as number] as number;
      }
      complexLuSolve(b.lu, xr, xi);
      for (let i = 0; i < n; i++) {
        tRe[rows[i] as number] = xr[i] as number;
        tIm[rows[i] as number] = xi[i] as number;
      }
    }
    // back: w = S^T t
    wRe.fill(0);
    wIm.fill(0);
    for (let r = 0; r < mp; r++) {
      const a = tRe[r] as number,
        b = tIm[r] as number;
      for (let k = 4 * r; k < 4 * r + 4; k++) {
        const g = sym.idx[k] as number;
        if (g < 0) break;
        wRe[g] = (wRe[g] as number) + (sym.w[k] as number) * a;
        wIm[g] = (wIm[g] as number) + (sym.w[k] as number) * b;
      }
    }
  }

  /**
   * dst += Re(c d .* V^T U (I + h W Z)^-1 h W U^T V (d .* src)) over the modal vector
   * (grid L*M, then periphery np): the term's share of (K0 + h E)^-1 - K0^-1, sign flipped,
   * applied to src. No allocation.
   */
  apply(t: CouplingTerm, src: Float64Array, dst: Float64Array): void {
    if (t.blocks.length === 0) return;
    const { L, M, np, q, invSqrtC, qp, invSqrtCp } = this.basis;
    const m = this.m,
      E = this.E,
      pl = this.pLayers,
      nP = pl.length,
      LL = L * L;
    const dRe = t.dRe,
      dIm = t.dIm;
    const vRe = this.vRe,
      vIm = this.vIm,
      wRe = this.wRe,
      wIm = this.wIm;
    // boundary values of K0^-1 C e: the periphery layers from the modal coordinates, then the edge cells
    for (let a = 0; a < nP; a++) {
      const la = pl[a] as number,
        s = invSqrtC[la] as number;
      const lr = this.layerRe[a] as Float64Array,
        li = this.layerIm[a] as Float64Array;
      for (let k = 0; k < M; k++) {
        let sr = 0,
          si = 0;
        const qa = k * LL + la * L,
          o = k * L;
        for (let i = 0; i < L; i++) {
          const w = (q[qa + i] as number) * (src[o + i] as number);
          sr += w * (dRe[o + i] as number);
          si += w * (dIm[o + i] as number);
        }
        lr[k] = s * sr;
        li[k] = s * si;
      }
      this.edges.gather(lr, 0, vRe, a * E);
      this.edges.gather(li, 0, vIm, a * E);
    }
    const oP = L * M;
    for (let r = 0; r < np; r++) {
      let sr = 0,
        si = 0;
      for (let i = 0; i < np; i++) {
        const w = (qp[r * np + i] as number) * (src[oP + i] as number);
        sr += w * (dRe[oP + i] as number);
        si += w * (dIm[oP + i] as number);
      }
      vRe[m + r] = (invSqrtCp[r] as number) * sr;
      vIm[m + r] = (invSqrtCp[r] as number) * si;
    }
    // f = (I + h W Z)^-1 h W v
    wRe.fill(0);
    wIm.fill(0);
    const h = t.h;
    for (let k = 0; k < this.linkG.length; k++) {
      const rc = this.linkCell[k] as number,
        rn = m + (this.linkNode[k] as number),
        hg = h * (this.linkG[k] as number);
      const dr = hg * ((vRe[rc] as number) - (vRe[rn] as number)),
        di = hg * ((vIm[rc] as number) - (vIm[rn] as number));
      wRe[rc] = (wRe[rc] as number) + dr;
      wIm[rc] = (wIm[rc] as number) + di;
      wRe[rn] = (wRe[rn] as number) - dr;
      wIm[rn] = (wIm[rn] as number) - di;
    }
    this.capacitySolve(t, wRe, wIm);
    // back into the modal coordinates: V^T U f, times c d
    for (let a = 0; a < nP; a++) {
      this.edges.scatterSet(wRe, a * E, this.layerRe[a] as Float64Array);
      this.edges.scatterSet(wIm, a * E, this.layerIm[a] as Float64Array);
    }
    const cRe = t.cRe,
      cIm = t.cIm;
    const l0 = pl[0] as number,
      s0 = invSqrtC[l0] as number;
    const r0 = this.layerRe[0] as Float64Array,
      i0 = this.layerIm[0] as Float64Array;
    const l1 = nP > 1 ? (pl[1] as number) : l0,
      s1 = nP > 1 ? (invSqrtC[l1] as number) : 0;
    const r1 = (nP > 1 ? this.layerRe[1] : r0) as Float64Array,
      i1 = (nP > 1 ? this.layerIm[1] : i0) as Float64Array;
    for (let k = 0; k < M; k++) {
      const o = k * L,
        q0 = k * LL + l0 * L,
        q1 = k * LL + l1 * L;
      const ar = s0 * (r0[k] as number),
        ai = s0 * (i0[k] as number),
        br = s1 * (r1[k] as number),
        bi = s1 * (i1[k] as number);
      for (let i = 0; i < L; i++) {
        const v0 = q[q0 + i] as number,
          v1 = q[q1 + i] as number;
        const tr = v0 * ar + v1 * br,
          ti = v0 * ai + v1 * bi;
        const xr = (dRe[o + i] as number) * tr - (dIm[o + i] as number) * ti;
        const xi = (dRe[o + i] as number) * ti + (dIm[o + i] as number) * tr;
        dst[o + i] = (dst[o + i] as number) + cRe * xr - cIm * xi;
      }
    }
    for (let a = 2; a < nP; a++)
      this.applyLayer(t, pl[a] as number, this.layerRe[a] as Float64Array, this.layerIm[a] as Float64Array, dst);
    for (let i = 0; i < np; i++) {
      let tr = 0,
        ti = 0;
      for (let r = 0; r < np; r++) {
        const w = (qp[r * np + i] as number) * (invSqrtCp[r] as number);
        tr += w * (wRe[m + r] as number);
        ti += w * (wIm[m + r] as number);
      }
      const xr = (dRe[oP + i] as number) * tr - (dIm[oP + i] as number) * ti;
      const xi = (dRe[oP + i] as number) * ti + (dIm[oP + i] as number) * tr;
      dst[oP + i] = (dst[oP + i] as number) + cRe * xr - cIm * xi;
    }
  }

  /** The back projection of one more periphery layer (models with more than two). */
  private applyLayer(t: CouplingTerm, la: number, lr: Float64Array, li: Float64Array, dst: Float64Array): void {
    const { L, M, q, invSqrtC } = this.basis;
    const s = invSqrtC[la] as number,
      LL = L * L;
    for (let k = 0; k < M; k++) {
      const o = k * L,
        qa = k * LL + la * L;
      const ar = s * (lr[k] as number),
        ai = s * (li[k] as number);
      for (let i = 0; i < L; i++) {
        const v = q[qa + i] as number;
        const tr = v * ar,
          ti = v * ai;
        const xr = (t.dRe[o + i] as number) * tr - (t.dIm[o + i] as number) * ti;
        const xi = (t.dRe[o + i] as number) * ti + (t.dIm[o + i] as number) * tr;
        dst[o + i] = (dst[o + i] as number) + t.cRe * xr - t.cIm * xi;
      }
    }
  }
}
