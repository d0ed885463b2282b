/**
 * The eigenbasis of the grid model WITHOUT its package edge links (operator G0; the
 * links are the low-rank coupling of coupling-correction.ts). With the lateral DCT every
 * lateral mode k has its own vertical system T_k (tridiagonal over the L layers, diagonal
 * SpectralState.gDiag) with capacities C = diag(c_l); the generalized problem
 * T_k v = lambda C v is solved as the symmetric tridiagonal C^-1/2 T_k C^-1/2 = Q diag(lambda) Q^T,
 * so V_k = C^-1/2 Q_k with V^T C V = I and V^T T V = diag(lambda). The 12 periphery nodes
 * (block Gpp' of G0: links among themselves and to ambient) get the same treatment densely.
 *
 * Modal coordinates of a spectral state x: y = V^T C x = Q^T C^1/2 x; back: x = C^-1/2 Q y.
 * Layout: q[k*L*L + l*L + i] = Q_k[l, i], lam[k*L + i]; periphery after the grid
 * (qp[n*np + i], lamP[i]).
 */
import { ThermalError } from '../errors.js';
import type { GridModel } from './grid-model.js';
import type { PackageLinks } from './package-links.js';
import { symmetricEigen, tridiagonalEigen } from './symmetric-eigen.js';

export interface ModalBasis {
  readonly L: number;
  readonly M: number;
  readonly np: number;
  readonly q: Float64Array;
  /** Eigenvalues of C^-1 G0 per mode, 1/s, [k*L + i]. */
  readonly lam: Float64Array;
  readonly sqrtC: Float64Array;
  readonly invSqrtC: Float64Array;
  readonly qp: Float64Array;
  readonly lamP: Float64Array;
  readonly sqrtCp: Float64Array;
  readonly invSqrtCp: Float64Array;
}

export function buildModalBasis(model: GridModel, gDiag: Float64Array, links: PackageLinks): ModalBasis {
  const L = model.layers.length,
    M = model.rows * model.cols,
    np = links.np;
  const c = Float64Array.from(model.layers, (l) => l.cellCapacitance);
  const sqrtC = c.map(Math.sqrt),
    invSqrtC = sqrtC.map((v) => 1 / v);
  const gv = model.gVertical;
  const q = new Float64Array(M * L * L),
    lam = new Float64Array(M * L);
  const d = new Float64Array(L),
    e = new Float64Array(L),
    z = new Float64Array(L * L);
  for (let k = 0; k < M; k++) {
    for (let l = 0; l < L; l++) {
      d[l] = (gDiag[l * M + k] as number) / (c[l] as number);
      e[l] = l < L - 1 ? -(gv[l] as number) * (invSqrtC[l] as number) * (invSqrtC[l + 1] as number) : 0;
    }
    tridiagonalEigen(d, e, z, L);
    for (let i = 0; i < L; i++) {
      if (!((d[i] as number) > 0))
        throw new ThermalError(
          'THERMAL_MODEL',
          'non-positive thermal eigenvalue: the model is not connected to ambient',
        );
      lam[k * L + i] = d[i] as number;
    }
    q.set(z, k * L * L);
  }
  const cp = new Float64Array(np),
    sqrtCp = new Float64Array(np),
    invSqrtCp = new Float64Array(np);
  const qp = new Float64Array(np * np),
    lamP = new Float64Array(np);
  const per = model.periphery;
  if (per !== undefined && np > 0) {
    for (let n = 0; n < np; n++) {
      cp[n] = per.capacitance[n] as number;
      if (!((cp[n] as number) > 0))
        throw new ThermalError('THERMAL_MODEL', 'the modal integrator needs positive periphery capacitances');
      sqrtCp[n] = Math.sqrt(cp[n] as number);
      invSqrtCp[n] = 1 / (sqrtCp[n] as number);
    }
    // Gpp' = Gpp without the links to the edge cells, scaled by Cp^-1/2 on both sides
    const a = new Float64Array(np * np);
    const linkSum = new Float64Array(np);
    for (let r = 0; r < links.m; r++) {
      for (let s = 0; s < links.K; s++) {
        const node = links.Bnode[r * links.K + s] as number;
        if (node >= 0) linkSum[node] = (linkSum[node] as number) + (links.Bg[r * links.K + s] as number);
      }
    }
    for (let r = 0; r < np; r++) {
      for (let s = 0; s < np; s++) {
        const g = (links.Gpp[r * np + s] as number) - (r === s ? (linkSum[r] as number) : 0);
        a[r * np + s] = g * (invSqrtCp[r] as number) * (invSqrtCp[s] as number);
      }
    }
    symmetricEigen(a, np, lamP, qp);
    for (let i = 0; i < np; i++)
      if (!((lamP[i] as number) > 0))
        throw new ThermalError(
          'THERMAL_MODEL',
          'non-positive periphery eigenvalue: a periphery node is not connected to ambient',
        );
  }
  return { L, M, np, q, lam, sqrtC, invSqrtC, qp, lamP, sqrtCp, invSqrtCp };
}
