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
export function layerRankToExpert(seed: number, layer: number, experts: number, purpose = 'perm'): Int32Array {
  const rng = seededStream(seed, purpose, layer);
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
  /** Weight of each popularity rank of each layer (unnormalised), at layer * expertsPerLayer + rank; ranks by descending weight. */
  readonly rankWeight: Float64Array;
  /** Sum of each layer's weights. */
  readonly totalWeight: Float64Array;
  /** Ranks with a positive weight per layer (the others are never drawn; they come last). */
  readonly positiveRanks: Int32Array;
  /** Alias table over each layer's ranks, at layer * expertsPerLayer + column. */
  readonly aliasProb: Float64Array;
  readonly aliasRank: Int32Array;
  /** rankToExpert[layer * expertsPerLayer + rank] = expert index within the layer, before any drift. */
  readonly rankToExpert: Int32Array;
}

function assemble(
  layers: number,
  E: number,
  topk: number,
  rankWeight: Float64Array,
  rankToExpert: Int32Array,
): RoutingModel {
  const totalWeight = new Float64Array(layers);
  const positiveRanks = new Int32Array(layers);
  const aliasProb = new Float64Array(layers * E);
  const aliasRank = new Int32Array(layers * E);
  for (let l = 0; l < layers; l++) {
    const w = rankWeight.subarray(l * E, (l + 1) * E);
    let t = 0;
    let pos = 0;
    for (let r = 0; r < E; r++) {
      t += w[r] as number;
      if ((w[r] as number) > 0) pos++;
    }
    totalWeight[l] = t;
    positiveRanks[l] = pos;
    const { prob, alias } = aliasTable(w);
    aliasProb.set(prob, l * E);
    aliasRank.set(alias, l * E);
  }
  return {
    layers,
    expertsPerLayer: E,
    topk,
    rankWeight,
    totalWeight,
    positiveRanks,
    aliasProb,
    aliasRank,
    rankToExpert,
  };
}

/** Zipf(s) popularity, the same for every layer, ranks assigned to experts by the seeded per-layer permutation. */
export function buildRoutingModel(
  seed: number,
  layers: number,
  expertsPerLayer: number,
  topk: number,
  zipfS: number,
): RoutingModel {
  const zipf = zipfRankWeights(expertsPerLayer, zipfS);
  const rankWeight = new Float64Array(layers * expertsPerLayer);
  const rankToExpert = new Int32Array(layers * expertsPerLayer);
  for (let l = 0; l < layers; l++) {
    rankWeight.set(zipf, l * expertsPerLayer);
    rankToExpert.set(layerRankToExpert(seed, l, expertsPerLayer), l * expertsPerLayer);
  }
  return assemble(layers, expertsPerLayer, topk, rankWeight, rankToExpert);
}

/**
 * Measured popularity: per layer, the sampling weight of each expert index
 * (at layer * expertsPerLayer + expert, from inclusion-inverse.ts). Ranks are
 * the experts by descending weight (ties by index): the counts say which
 * experts are hot, so there is no random permutation.
 */
export function buildEmpiricalRoutingModel(
  layers: number,
  expertsPerLayer: number,
  topk: number,
  expertWeight: Float64Array,
): RoutingModel {
  const E = expertsPerLayer;
  const rankWeight = new Float64Array(layers * E);
  const rankToExpert = new Int32Array(layers * E);
  for (let l = 0; l < layers; l++) {
    const order = Array.from({ length: E }, (_, e) => e).sort(
      (a, b) => (expertWeight[l * E + b] as number) - (expertWeight[l * E + a] as number) || a - b,
    );
    for (let r = 0; r < E; r++) {
      rankToExpert[l * E + r] = order[r] as number;
      rankWeight[l * E + r] = expertWeight[l * E + (order[r] as number)] as number;
    }
  }
  return assemble(layers, E, topk, rankWeight, rankToExpert);
}
