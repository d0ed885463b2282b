/**
 * The stages of one transient step of the rational scheme (transient-scheme.ts) in
 * residual form (thermal-simulator.ts), all with one factor of G + C/h.
 */
import { correctEliminated } from './capacity-correction.js';
import { matVec } from './dense.js';
import type { SpectralFactor } from './spectral-factor.js';
import type { SpectralState } from './spectral-state.js';
import {
  backDown,
  backDownAccumulate,
  backDownEliminateUp,
  backUpAccumulate,
  backUpEliminateDown,
  eliminateDown,
} from './stage-kernels.js';

/**
 * All stages of one transient step: on entry x holds the first stage's right-hand side,
 * down-eliminated (eliminateDown of stage-kernels.ts), and rhsP its periphery part; on
 * exit acc += sum_k c_k z_k and accP likewise (z_k = stage k's solution, stage k+1 solving
 * (G + C/h) z = (C/h) z_k). The first `coupled` stages are exact (boundary correction);
 * the others solve the UNCOUPLED operator K~ = K - E, E = the links between the
 * spreader/sink edge cells and the periphery nodes (as a Laplacian): per-mode tridiagonal
 * on the grid, (Gpp' + Cp/h)^-1 on the periphery. K~ <= K; it is the approximate stage
 * operator of the fast transient (thermal-simulator.ts, stages after `coupledStages`).
 * Stages after the exact ones alternate the elimination direction, so each back
 * substitution also performs the next stage's elimination (stage-kernels.ts).
 * x, rhsP and outP are overwritten (x ends as scratch, not the last stage's solution).
 */
export function transientStages(
  s: SpectralState,
  f: SpectralFactor,
  x: Float64Array,
  rhsP: Float64Array,
  outP: Float64Array,
  acc: Float64Array,
  accP: Float64Array,
  coefficients: Float64Array,
  coupled: number,
): void {
  const { L, M } = s;
  const np = s.links.np;
  const g = s.gv,
    co = f.cOverH,
    cp = f.cpOverH,
    kt = f.peripheryUncoupled;
  const S = coefficients.length,
    z = s.zLayer;
  let down = true;
  for (let st = 0; st < S; st++) {
    const a = coefficients[st] as number;
    // exact stages are all leading and down-eliminated
    if (st < coupled && f.edgeFlux !== undefined) correctEliminated(s, f, x, rhsP, outP);
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
