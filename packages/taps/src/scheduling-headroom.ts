/**
 * How far any scheduler could lower the steady logic peak by where it puts the cores' movable
 * power, whatever that would cost in throughput: a gain no placement or online policy can beat.
 *
 * With the steady core temperatures T, the core-to-core influence H (K/W) and each core's movable
 * watts m (the caller says which: e.g. dynamic, clock and NoC power, all but leakage),
 * superposition gives the temperatures without it, b = T - H m (leakage held at its value at T).
 * Any redistribution p >= 0 of the same total gives b + H p; the best is the linear program
 *
 *   min t  s.t.  b_c + sum_j H[c][j] p_j <= t for every core c,  sum_j p_j = sum_j m_j,  p >= 0,
 *
 * solved with javascript-lp-solver in the solver worker. No per-core capacity limit and no
 * throughput constraint is imposed, so the bound is generous.
 */
import { TapsError } from './errors.js';
import { type LpSolverModel, SolverSession } from './solver/worker-session.js';

export interface HeadroomInput {
  /** Row-major n x n, K/W. */
  readonly h: Float64Array;
  /** Steady core temperatures, C. */
  readonly coreC: ArrayLike<number>;
  /** Each core's movable watts (>= 0). */
  readonly movableW: ArrayLike<number>;
  /** Hard limit on the solve, ms (default 60 s). */
  readonly limitMs?: number;
}

export interface SchedulingHeadroom {
  /** max_c T_c, C. */
  readonly peakC: number;
  /** The least steady peak any redistribution of the movable power reaches, C. */
  readonly bestPeakC: number;
  /** The peak with the movable power spread evenly over the cores, C. */
  readonly evenPeakC: number;
  /** Total movable watts. */
  readonly movableW: number;
  /** The best redistribution, W per core. */
  readonly bestW: Float64Array;
}

/**
 * The LP in the share q_j = p_j / total of the movable power each core gets (so the solver's
 * tolerances do not depend on how many watts move): variables q0..q{n-1} and t, t shifted by
 * `shift` so that it stays >= 0.
 */
export function headroomModel(h: Float64Array, base: Float64Array, total: number, shift: number): LpSolverModel {
  const n = base.length;
  const constraints: Record<string, { max?: number; equal?: number }> = { total: { equal: 1 } };
  const variables: Record<string, Record<string, number>> = { t: { t: 1 } };
  for (let c = 0; c < n; c++) {
    constraints[`c${c}`] = { max: shift - (base[c] as number) };
    (variables.t as Record<string, number>)[`c${c}`] = -1;
  }
  for (let j = 0; j < n; j++) {
    const v: Record<string, number> = { total: 1 };
    for (let c = 0; c < n; c++) {
      const hcj = (h[c * n + j] as number) * total;
      if (hcj !== 0) v[`c${c}`] = hcj;
    }
    variables[`q${j}`] = v;
  }
  return { optimize: 't', opType: 'min', constraints, variables };
}

export async function schedulingHeadroom(input: HeadroomInput): Promise<SchedulingHeadroom> {
  const { h, coreC, movableW } = input;
  const n = coreC.length;
  if (h.length !== n * n || movableW.length !== n)
    throw new TapsError(
      'TAPS_INFLUENCE_INVALID',
      `headroom: H has ${h.length} entries for ${n} cores and ${movableW.length} movable powers`,
    );
  let total = 0;
  let peak = -Infinity;
  for (let c = 0; c < n; c++) {
    total += movableW[c] as number;
    peak = Math.max(peak, coreC[c] as number);
  }
  const base = new Float64Array(n);
  let minBase = Infinity;
  for (let c = 0; c < n; c++) {
    let s = coreC[c] as number;
    for (let j = 0; j < n; j++) s -= (h[c * n + j] as number) * (movableW[j] as number);
    base[c] = s;
    minBase = Math.min(minBase, s);
  }
  const peakOf = (p: ArrayLike<number>): number => {
    let m = -Infinity;
    for (let c = 0; c < n; c++) {
      let s = base[c] as number;
      for (let j = 0; j < n; j++) s += (h[c * n + j] as number) * (p[j] as number);
      m = Math.max(m, s);
    }
    return m;
  };
  const even = new Float64Array(n).fill(total / n);
  const evenPeak = peakOf(even);
  if (!(total > 0)) return { peakC: peak, bestPeakC: evenPeak, evenPeakC: evenPeak, movableW: total, bestW: even };
  // t' = t - minBase >= 0 (the solver's variables are non-negative)
  const model = headroomModel(h, base, total, minBase);
  const session = new SolverSession();
  try {
    const outcome = await session.solve({ kind: 'lp-solver', model }, input.limitMs ?? 60_000);
    if (outcome.kind !== 'answer' || outcome.answer.kind !== 'lp-solver')
      throw new TapsError(
        'TAPS_SOLVER_FAILED',
        `headroom LP: ${outcome.kind === 'timeout' ? `no answer within ${outcome.afterMs} ms` : outcome.kind === 'failed' ? outcome.reason : 'unexpected answer'}`,
      );
    const res = outcome.answer.result;
    if (res.feasible !== true) throw new TapsError('TAPS_SOLVER_FAILED', 'headroom LP reported infeasible');
    const p = Float64Array.from({ length: n }, (_, j) => {
      const v = res[`q${j}`];
      return typeof v === 'number' ? Math.max(0, v) : 0;
    });
    // renormalise the solver's rounding so the answer spends exactly the movable power
    let s = 0;
    for (const v of p) s += v;
    if (!(s > 0.5)) throw new TapsError('TAPS_SOLVER_FAILED', `headroom LP shares sum to ${s}, not 1`);
    for (let j = 0; j < n; j++) p[j] = ((p[j] as number) / s) * total;
    return { peakC: peak, bestPeakC: peakOf(p), evenPeakC: evenPeak, movableW: total, bestW: p };
  } finally {
    await session.close();
  }
}
