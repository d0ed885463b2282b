/**
 * The cores' busy-time profile as a throughput constraint where the lanes
 * wander (contention-offsets.ts: every lane meets every core at every layer, as
 * on DeepSeek-V2). docs/model.md "TAPS", "Throughput as a hard constraint".
 *
 * Then a lane's attention group waits for the slowest of its home cores and its
 * expert group for the slowest of the cores its tokens use, and each core's wait
 * is the other lanes' backlog there, which grows with the core's busy time U_c.
 * A group's time is an order statistic (a max) of those waits, so it grows with
 * how many cores are near the top, not only with the busiest one: the expected
 * critical path (a max of means) cannot see it. Measured on DeepSeek-V2 (full run):
 * a TAPS placement within 1% of the default's critical paths and busiest core
 * but with its 16 busiest cores at 203 ms per step on average (the default's:
 * 195) and one core drained to 94 ms (the default's least: 157) ran at 0.958x
 * the default's ips.
 *
 * The constraint keeps the distribution of the waits: within each attention
 * group (cores home to the same lanes; experts never leave theirs), the k-th
 * busiest core is at most (1 + tol_k) x the default's k-th busiest, for every k.
 * If each core's wait is stochastically increasing in U_c alone, the max over
 * the group is then no worse than the default's (couple the cores rank by rank).
 *
 * tol_k = tolerance x (1 - rho_k): a queue's wait grows as rho / (1 - rho) in its
 * utilisation rho (M/M/1, Kleinrock, Queueing Systems vol. 1, 1975), so a relative
 * change d of the busy time changes the wait by d / (1 - rho); the waits, not the
 * busy times, are what the tolerance promises. rho_k = concurrency x U_k / the
 * default's lane step (the model's, sum of CP_l). Measured on DeepSeek-V2 (full
 * runs, 3 trace seeds): with tol_k = tolerance (1%) TAPS raised almost every
 * core's busy time by 0.4-1.0% (one drained by 21%) and ran at 0.983x (+-0.003)
 * the default's ips: 2.4x amplification at the simulated rho ~0.55-0.61, as
 * 1 / (1 - rho) says; the model's rho (0.75 at the busiest core, its lane step
 * leaves out attention) is the conservative side.
 * TAPS may still permute busy times over the cores of a group (put the busy ones
 * at the cool edge) and exchange experts of equal busy time but unequal heat
 * (a task's time is its weight read, so an expert used by almost every
 * micro-batch is busy the same whatever its FLOPs).
 */

export interface BusyProfile {
  /** Group of every core (its attention signature). */
  readonly groupOf: Int32Array;
  /** Cores of every group, ascending. */
  readonly groupCores: readonly Int32Array[];
  /** Per group: the default's busy times, descending, each x (1 + tol_k), s. */
  readonly limitS: readonly Float64Array[];
}

/** Descending copy of the busy times of `cores`. */
function sortedBusy(coreS: ArrayLike<number>, cores: Int32Array): Float64Array {
  const v = Float64Array.from(cores, (c) => coreS[c] as number);
  return v.sort().reverse();
}

/**
 * Utilisation of a core busy `u` s per lane step: concurrency x u / the default's
 * lane step (the model's, sum of CP_l), at most 1.
 */
export function utilisation(u: number, defaultStepS: number, concurrency: number): number {
  return defaultStepS > 0 ? Math.min(1, (concurrency * u) / defaultStepS) : 1;
}

/**
 * @param defaultStepS the default's lane step (sum of its CP_l), s
 * @param concurrency lanes in flight (each passes every core once per step)
 */
export function busyProfile(
  defaultCoreS: ArrayLike<number>,
  groupOf: Int32Array,
  tolerance: number,
  defaultStepS: number,
  concurrency: number,
): BusyProfile {
  let groups = 0;
  for (const g of groupOf) groups = Math.max(groups, g + 1);
  const lists: number[][] = Array.from({ length: groups }, () => []);
  groupOf.forEach((g, c) => (lists[g] as number[]).push(c));
  const groupCores = lists.map((l) => Int32Array.from(l));
  const limitS = groupCores.map((cores) =>
    sortedBusy(defaultCoreS, cores).map((u) => u * (1 + tolerance * (1 - utilisation(u, defaultStepS, concurrency)))),
  );
  return { groupOf: Int32Array.from(groupOf), groupCores, limitS };
}

/**
 * Whether group g's busy times fit its profile, optionally with core a's and
 * core b's busy times replaced by ua and ub (a candidate exchange; b may be -1).
 */
export function groupFits(
  prof: BusyProfile,
  g: number,
  coreS: ArrayLike<number>,
  relTol: number,
  a = -1,
  ua = 0,
  b = -1,
  ub = 0,
): boolean {
  const cores = prof.groupCores[g] as Int32Array;
  const lim = prof.limitS[g] as Float64Array;
  const v = Float64Array.from(cores, (c) => (c === a ? ua : c === b ? ub : (coreS[c] as number)));
  v.sort().reverse();
  for (let k = 0; k < v.length; k++) if ((v[k] as number) > (lim[k] as number) * (1 + relTol)) return false;
  return true;
}

/** One message per group whose profile is exceeded (empty: fits). */
export function profileViolations(prof: BusyProfile, coreS: ArrayLike<number>, relTol: number): string[] {
  const out: string[] = [];
  prof.groupCores.forEach((cores, g) => {
    const v = sortedBusy(coreS, cores);
    const lim = prof.limitS[g] as Float64Array;
    for (let k = 0; k < v.length; k++) {
      if ((v[k] as number) > (lim[k] as number) * (1 + relTol)) {
        out.push(
          `attention group ${g}: its ${k + 1}-th busiest core is busy ${((v[k] as number) * 1e3).toFixed(4)} ms per step, more than ${((lim[k] as number) * 1e3).toFixed(4)} ms (the default's ${k + 1}-th + tolerance)`,
        );
        return;
      }
    }
  });
  return out;
}

/**
 * A per-core cap that implies the profile (for linear solvers): the limit at the
 * rank each core has in `coreS` within its group (ties by core number). When
 * coreS fits the profile, every core is within its cap, and any busy times within
 * the caps fit the profile (their ranks can only match the caps' or better).
 */
export function rankCaps(prof: BusyProfile, coreS: ArrayLike<number>): Float64Array {
  const caps = new Float64Array(prof.groupOf.length);
  prof.groupCores.forEach((cores, g) => {
    const order = Array.from(cores).sort((x, y) => (coreS[y] as number) - (coreS[x] as number) || x - y);
    const lim = prof.limitS[g] as Float64Array;
    order.forEach((c, k) => (caps[c] = lim[k] as number));
  });
  return caps;
}
