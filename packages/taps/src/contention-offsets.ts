/**
 * How much tasks of two layers on one core delay each other, by layer offset:
 * the contention weights of the critical-path model (critical-path.ts,
 * docs/model.md "TAPS", "Throughput as a hard constraint").
 *
 * The lanes are not locked to a stagger: a lane delayed behind another drifts
 * until the lanes sit at layer offsets where they no longer meet on a core
 * (measured: the default Mixtral placement runs at its contention-free rate,
 * 172 of 182 ips, with 4 lanes). Offsets the reference (the default placement)
 * co-locates on some core are the ones the lanes learn to avoid, so tasks at
 * those offsets do not contend (weight 0); every other offset can be where the
 * lanes sit, so tasks at it do (weight 1, as if every such task were in the way).
 *
 * That needs a place to settle: `concurrency` offsets whose pairwise
 * differences are all free of co-location. When the reference co-locates so
 * many offsets that no such arrangement exists (DeepSeek-V2: every core hosts
 * every layer, so every offset is co-located), the lanes cannot avoid each
 * other and wander over the layers. Then each of the other `concurrency - 1`
 * lanes sits at a given offset with chance 1 / layers, and its busy time there
 * is in the way of the task: weight (concurrency - 1) / layers at every
 * co-located offset, including 0 (another lane at the same layer), on top of the
 * micro-batch's own layer (1). Measured on DeepSeek-V2 (6,000 windows): this
 * term is what makes a placement that fills more cores up to the busiest one
 * slower (the former 0/1 weights predicted 1.02x for a TAPS placement that ran
 * at 0.935x; these predict 0.951x), and it puts the default's predicted step
 * (1.13 s per lane) near the simulated 1.38 s, where the 0/1 weights gave 0.56 s.
 * No new constant: the weight is the lanes' count over the layers'.
 */

/** Search nodes before giving up on finding a settled arrangement (then: the lanes wander). */
const SETTLE_SEARCH_BUDGET = 1_000_000;

/**
 * Whether `lanes` lanes can sit at distinct layer offsets (mod `free.length`) whose
 * pairwise differences are all free (free[d] = 1: the reference co-locates no two
 * layers d apart). Backtracking from offset 0 (rotations are equivalent).
 */
export function lanesCanSettle(free: Uint8Array, lanes: number): boolean {
  const L = free.length;
  if (lanes <= 1) return true;
  if (lanes > L) return false;
  const chosen = [0];
  let nodes = 0;
  const ok = (o: number): boolean => {
    for (const a of chosen) {
      const d = (((o - a) % L) + L) % L;
      if (free[d] !== 1 || free[(L - d) % L] !== 1) return false;
    }
    return true;
  };
  const extend = (from: number): boolean => {
    if (chosen.length === lanes) return true;
    for (let o = from; o < L; o++) {
      if (++nodes > SETTLE_SEARCH_BUDGET) return false;
      if (!ok(o)) continue;
      chosen.push(o);
      if (extend(o + 1)) return true;
      chosen.pop();
    }
    return false;
  };
  return extend(1);
}

/**
 * Contention weight of every layer offset d (mod layers), given the reference
 * assignment: contend[d] multiplies the busy time of items d layers after a
 * task's layer on its core (d = 0: its own layer). See the file comment.
 */
export function contentionOffsets(
  layerCount: number,
  coreCount: number,
  itemLayer: ArrayLike<number>,
  assign: ArrayLike<number>,
  concurrency: number,
): Float64Array {
  const L = layerCount;
  const contend = new Float64Array(L);
  contend[0] = 1;
  // With one lane in flight only a layer's own experts meet.
  if (concurrency <= 1) return contend;
  const layersOn: number[][] = Array.from({ length: coreCount }, () => []);
  for (let i = 0; i < itemLayer.length; i++) {
    const list = layersOn[assign[i] as number] as number[];
    const l = itemLayer[i] as number;
    if (!list.includes(l)) list.push(l);
  }
  const colocated = new Uint8Array(L);
  for (const list of layersOn)
    for (const a of list)
      for (const b of list) {
        if (a !== b) colocated[(((b - a) % L) + L) % L] = 1;
      }
  const free = Uint8Array.from(colocated, (v, d) => (d === 0 || v === 1 ? 0 : 1));
  const settled = lanesCanSettle(free, concurrency);
  const wander = (concurrency - 1) / L;
  for (let d = 1; d < L; d++) contend[d] = colocated[d] === 1 ? (settled ? 0 : wander) : 1;
  if (!settled) contend[0] = 1 + wander;
  return contend;
}

/** Whether contend (from contentionOffsets) is the wandering case: the lanes could not settle. */
export function lanesWander(contend: Float64Array): boolean {
  return (contend[0] as number) > 1;
}
