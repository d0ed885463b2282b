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

export interface RoutingModel {
  readonly layers: number;
  readonly expertsPerLayer: number;
  readonly topk: number;
  /** Zipf weight of each rank (unnormalised), shared by every layer. */
  readonly rankWeight: Float64Array;
  readonly totalWeight: number;
  /** rankToExpert[layer * expertsPerLayer + rank] = expert index within the layer. */
  readonly rankToExpert: Int32Array;
}

export function buildRoutingModel(seed: number, layers: number, expertsPerLayer: number, topk: number, zipfS: number): RoutingModel {
  const rankWeight = zipfRankWeights(expertsPerLayer, zipfS);
  let totalWeight = 0;
  for (let r = 0; r < expertsPerLayer; r++) totalWeight += rankWeight[r] as number;
  const rankToExpert = new Int32Array(layers * expertsPerLayer);
  for (let l = 0; l < layers; l++) rankToExpert.set(layerRankToExpert(seed, l, expertsPerLayer), l * expertsPerLayer);
  return { layers, expertsPerLayer, topk, rankWeight, totalWeight, rankToExpert };
}
