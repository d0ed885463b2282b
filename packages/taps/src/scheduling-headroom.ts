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
 *
 * The DRAM reads follow the work too (an expert's shards are read in its core's vault) and heat the
 * cores below through A, the vault -> core influence (InfluenceMatrix.dram.coreFromAccess). With
 * `reads`, each vault's read watts r move as well: b = T - H m - A r, and the LP also spreads the
 * same read total, r' >= 0, adding A r' to every row. A takes a vault's reads on its dies in the
 * weight stripe's shares; reads the loop puts elsewhere (e.g. KV traffic on other dies) make b
 * approximate by the difference of their die's influence.
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
  /** Each vault's read watts (>= 0) and the vault -> core influence (row-major n x n, K/W, [core][vault]). */
  readonly reads?: { readonly a: Float64Array; readonly movableW: ArrayLike<number> };
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
  /** Total movable read watts (0 without `reads`). */
  readonly readsW: number;
  /** The best redistribution of the reads, W per vault (empty without `reads`). */
  readonly bestReadsW: Float64Array;
}

/**
 * The LP in the share q_j = p_j / total of the movable power each core gets (so the solver's
 * tolerances do not depend on how many watts move): variables q0..q{n-1} and t, t shifted by
 * `shift` so that it stays >= 0.
 */
export function headroomModel(
  h: Float64Array,
  base: Float64Array,
  total: number,
  shift: number,
  reads?: { readonly a: Float64Array; readonly total: number },
): LpSolverModel {
  const n = base.length;
  const constraints: Record<string, { max?: number; equal?: number }> = { total: { equal: 1 } };
  if (reads !== undefined) constraints.reads = { equal: 1 };
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
  if (reads !== undefined)
    for (let j = 0; j < n; j++) {
      const v: Record<string, number> = { reads: 1 };
      for (let c = 0; c < n; c++) {
        const acj = (reads.a[c * n + j] as number) * reads.total;
        if (acj !== 0) v[`c${c}`] = acj;
      }
      variables[`r${j}`] = v;
    }
  return { optimize: 't', opType: 'min', constraints, variables };
}

export async function schedulingHeadroom(input: HeadroomInput): Promise<SchedulingHeadroom> {
  const { h, coreC, movableW, reads } = input;
  const n = coreC.length;
  if (h.length !== n * n || movableW.length !== n)
    throw new TapsError(
      'TAPS_INFLUENCE_INVALID',
      `headroom: H has ${h.length} entries for ${n} cores and ${movableW.length} movable powers`,
    );
  if (reads !== undefined && (reads.a.length !== n * n || reads.movableW.length !== n))
    throw new TapsError(
      'TAPS_INFLUENCE_INVALID',
      `headroom: the read influence has ${reads.a.length} entries for ${n} cores and ${reads.movableW.length} vault powers`,
    );
  let total = 0;
  let readsTotal = 0;
  let peak = -Infinity;
  for (let c = 0; c < n; c++) {
    total += movableW[c] as number;
    if (reads !== undefined) readsTotal += reads.movableW[c] as number;
    peak = Math.max(peak, coreC[c] as number);
  }
  const base = new Float64Array(n);
  let minBase = Infinity;
  for (let c = 0; c < n; c++) {
    let s = coreC[c] as number;
    for (let j = 0; j < n; j++) s -= (h[c * n + j] as number) * (movableW[j] as number);
    if (reads !== undefined)
      for (let j = 0; j < n; j++) s -= (reads.a[c * n + j] as number) * (reads.movableW[j] as number);
    base[c] = s;
    minBase = Math.min(minBase, s);
  }
  const peakOf = (p: ArrayLike<number>, r: ArrayLike<number>): number => {
    let m = -Infinity;
    for (let c = 0; c < n; c++) {
      let s = base[c] as number;
      for (let j = 0; j < n; j++) s += (h[c * n + j] as number) * (p[j] as number);
      if (reads !== undefined) for (let j = 0; j < n; j++) s += (reads.a[c * n + j] as number) * (r[j] as number);
      m = Math.max(m, s);
    }
    return m;
  };
  const even = new Float64Array(n).fill(total / n);
  const evenReads = new Float64Array(reads === undefined ? 0 : n).fill(readsTotal / n);
  const evenPeak = peakOf(even, evenReads);
  const moves = reads === undefined ? total > 0 : total > 0 || readsTotal > 0;
  const evenAnswer: SchedulingHeadroom = {
    peakC: peak,
    bestPeakC: evenPeak,
    evenPeakC: evenPeak,
    movableW: total,
    bestW: even,
    readsW: readsTotal,
    bestReadsW: evenReads,
  };
  if (!moves) return evenAnswer;
  // t' = t - minBase >= 0 (the solver's variables are non-negative); a zero total keeps its shares at 0
  const model = headroomModel(
    h,
    base,
    total,
    minBase,
    reads === undefined ? undefined : { a: reads.a, total: readsTotal },
  );
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
    // renormalise the solver's rounding so the answer spends exactly the movable power
    const shares = (prefix: string, watts: number): Float64Array => {
      const x = Float64Array.from({ length: n }, (_, j) => {
        const v = res[`${prefix}${j}`];
        return typeof v === 'number' ? Math.max(0, v) : 0;
      });
      let s = 0;
      for (const v of x) s += v;
      if (!(s > 0.5)) throw new TapsError('TAPS_SOLVER_FAILED', `headroom LP ${prefix} shares sum to ${s}, not 1`);
      for (let j = 0; j < n; j++) x[j] = ((x[j] as number) / s) * watts;
      return x;
    };
    const p = shares('q', total);
    const r = reads === undefined ? evenReads : shares('r', readsTotal);
    const lpPeak = peakOf(p, r);
    // the even spread is feasible too: where the solver's tolerance leaves its answer above it
    // (seen at 1e-9 K on a flat instance), the even spread is the better answer found
    if (lpPeak > evenPeak) return evenAnswer;
    return {
      peakC: peak,
      bestPeakC: lpPeak,
      evenPeakC: evenPeak,
      movableW: total,
      bestW: p,
      readsW: readsTotal,
      bestReadsW: r,
    };
  } finally {
    await session.close();
  }
}
