/**
 * Expected number of tasks on a layer's busiest core: the own-layer part of a
 * micro-batch's expert group as the simulator runs it (docs/model.md "TAPS",
 * "Throughput as a hard constraint").
 *
 * A micro-batch uses expert e of a layer with chance P_e (critical-path.ts), a
 * host of a replicated expert with P_e / copies; its expert group ends with the
 * core that got the most of its tasks, and every task lasts about the same (the
 * expert's weight read: same bytes for every expert). The expected critical path
 * (critical-path.ts) takes the max over cores of the *expected* busy time; the
 * group waits for the expected *max*, which grows with every core that may get
 * many tasks: four experts used half the time each are one core's 2 expected
 * tasks, like two used always, but 4 tasks one time in 16. Measured on
 * DeepSeek-V2 (one seed, 60 s at nominal hardware, no token traffic, so only
 * this and the busy times differ): TAPS placements that lowered the sum over
 * layers of max_c E[tasks] by 1.6-3.4% raised that of E[max_c tasks] by 1.1,
 * 2.3 and 7.7% and ran at 0.981, 0.965 and 0.904x the default's ips.
 *
 * Counts per core are Poisson-binomial (tasks independent across experts),
 * cores independent: P(max <= k) = prod_c F_c(k), E[max] = sum_k (1 - P(max <= k)).
 */

/** CDF of the number of tasks of one core and layer: cdf[k] = P(count <= k), k = 0 .. qs.length. */
export function cellCdf(qs: ArrayLike<number>): Float64Array {
  let dist = new Float64Array(qs.length + 1);
  dist[0] = 1;
  for (let j = 0; j < qs.length; j++) {
    const q = Math.min(1, Math.max(0, qs[j] as number));
    const next = new Float64Array(qs.length + 1);
    for (let k = 0; k <= j; k++) {
      const v = dist[k] as number;
      next[k] = (next[k] as number) + v * (1 - q);
      next[k + 1] = (next[k + 1] as number) + v * q;
    }
    dist = next;
  }
  let acc = 0;
  for (let k = 0; k < dist.length; k++) {
    acc += dist[k] as number;
    dist[k] = Math.min(1, acc);
  }
  return dist;
}

/** E[max over cores of the count], from each core's CDF (cdf[k] = 1 beyond its end). */
export function expectedMax(cdfs: readonly Float64Array[]): number {
  let top = 0;
  for (const f of cdfs) top = Math.max(top, f.length - 1);
  let e = 0;
  for (let k = 0; k < top; k++) {
    let prod = 1;
    for (const f of cdfs) if (k < f.length) prod *= f[k] as number;
    e += 1 - prod;
  }
  return e;
}

/** E[max_c tasks] of every layer: itemUse[i] = chance item i runs a micro-batch's task. */
export function layerExpectedMax(
  layerCount: number,
  coreCount: number,
  itemLayer: ArrayLike<number>,
  itemUse: ArrayLike<number>,
  assign: ArrayLike<number>,
): Float64Array {
  const cells: number[][] = Array.from({ length: layerCount * coreCount }, () => []);
  for (let i = 0; i < itemLayer.length; i++)
    (cells[(itemLayer[i] as number) * coreCount + (assign[i] as number)] as number[]).push(itemUse[i] as number);
  const out = new Float64Array(layerCount);
  for (let l = 0; l < layerCount; l++) {
    const cdfs: Float64Array[] = [];
    for (let c = 0; c < coreCount; c++) cdfs.push(cellCdf(cells[l * coreCount + c] as number[]));
    out[l] = expectedMax(cdfs);
  }
  return out;
}
