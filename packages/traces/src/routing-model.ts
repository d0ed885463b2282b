/**
 * The routing model: per MoE layer, expert popularity follows Zipf(s) over the
 * layer's routed experts, assigned to experts through a seeded per-layer
 * permutation so that the hot experts differ between layers. A token draws its
 * top-k experts by weighted sampling without replacement (see logical-source.ts).
 */
import seedrandom from 'seedrandom';

/** One seeded stream: all randomness of the traces goes through seedrandom's alea. */
export function seededStream(seed: number, purpose: string, index: number): () => number {
  return seedrandom.alea(`${seed}:${purpose}:${index}`);
}

/** Unnormalised Zipf weight of each popularity rank: w_r = (r + 1)^-s, rank 0 hottest. */
export function zipfRankWeights(experts: number, s: number): Float64Array {
  const w = new Float64Array(experts);
  for (let r = 0; r < experts; r++) w[r] = (r + 1) ** -s;
  return w;
}

/**
 * Expert index (within the layer) of each popularity rank of `layer`: a
 * Fisher-Yates shuffle driven only by (seed, layer), so any layer can be built alone.
 */
export function layerRankToExpert(seed: number, layer: number, experts: number): Int32Array {
  const rng = seededStream(seed, 'perm', layer);
  const perm = new Int32Array(experts);
  for (let i = 0; i < experts; i++) perm[i] = i;
  for (let i = experts - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
  }
  return perm;
}

/**
 * Walker/Vose alias table of a discrete distribution: draw x uniform in [0, n),
 * column c = floor(x), keep c if frac(x) < prob[c], else take alias[c]. One
 * uniform per draw, O(1).
 */
export function aliasTable(weights: Float64Array): { prob: Float64Array; alias: Int32Array } {
  const n = weights.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i] as number;
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; i++) scaled[i] = ((weights[i] as number) * n) / total;
  const prob = new Float64Array(n).fill(1);
  const alias = new Int32Array(n);
  for (let i = 0; i < n; i++) alias[i] = i;
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) ((scaled[i] as number) < 1 ? small : large).push(i);
  while (small.length > 0 && large.length > 0) {
    const sm = small.pop() as number;
    const lg = large.pop() as number;
    prob[sm] = scaled[sm] as number;
    alias[sm] = lg;
    scaled[lg] = (scaled[lg] as number) + (scaled[sm] as number) - 1;
    ((scaled[lg] as number) < 1 ? small : large).push(lg);
  }
  // What is left has scaled weight 1 up to rounding: keep it always (prob stays 1).
  return { prob, alias };
}

export interface RoutingModel {
  readonly layers: number;
  readonly expertsPerLayer: number;
  readonly topk: number;
  /** Zipf weight of each rank (unnormalised), shared by every layer. */
  readonly rankWeight: Float64Array;
  readonly totalWeight: number;
  /** Alias table over ranks (same for every layer). */
  readonly aliasProb: Float64Array;
  readonly aliasRank: Int32Array;
  /** rankToExpert[layer * expertsPerLayer + rank] = expert index within the layer. */
  readonly rankToExpert: Int32Array;
}

export function buildRoutingModel(seed: number, layers: number, expertsPerLayer: number, topk: number, zipfS: number): RoutingModel {
  const rankWeight = zipfRankWeights(expertsPerLayer, zipfS);
  let totalWeight = 0;
  for (let r = 0; r < expertsPerLayer; r++) totalWeight += rankWeight[r] as number;
  const rankToExpert = new Int32Array(layers * expertsPerLayer);
  for (let l = 0; l < layers; l++) rankToExpert.set(layerRankToExpert(seed, l, expertsPerLayer), l * expertsPerLayer);
  const { prob: aliasProb, alias: aliasRank } = aliasTable(rankWeight);
  return { layers, expertsPerLayer, topk, rankWeight, totalWeight, aliasProb, aliasRank, rankToExpert };
}
