/**
 * Empirical expert heat from a trace prefix: how often each expert is used per
 * token-layer event of its layer. Comparable entry by entry with
 * analyticExpertSelectionProbability.
 */
import { expertCount, type LogicalChunk, type MoeShape } from '@tasmoe/schemas';

/** Running selection counts; add chunks with countExpertSelections. */
export interface ExpertSelectionCounts {
  /** Per global expert number: token-layer events that used it. */
  readonly selections: Float64Array;
  /** Per MoE layer: token-layer events seen. */
  readonly eventsPerLayer: Float64Array;
}

export function emptyExpertSelectionCounts(moe: MoeShape): ExpertSelectionCounts {
  return { selections: new Float64Array(expertCount(moe)), eventsPerLayer: new Float64Array(moe.layers) };
}

/** Add one chunk's selections to `counts` (in place) and return it. */
export function countExpertSelections(chunk: LogicalChunk, counts: ExpertSelectionCounts): ExpertSelectionCounts {
  const { selections, eventsPerLayer } = counts;
  const n = chunk.eventCount * chunk.k;
  for (let x = 0; x < n; x++) {
    const e = chunk.experts[x] as number;
    selections[e] = (selections[e] as number) + 1;
  }
  for (let i = 0; i < chunk.eventCount; i++) {
    const l = chunk.layer[i] as number;
    eventsPerLayer[l] = (eventsPerLayer[l] as number) + 1;
  }
  return counts;
}

/** Selections of each expert divided by the token-layer events of its layer (0 where none were seen). */
export function selectionFrequencies(counts: ExpertSelectionCounts, moe: MoeShape): Float64Array {
  const out = new Float64Array(counts.selections.length);
  const routed = moe.layers * moe.experts_per_layer;
  for (let n = 0; n < out.length; n++) {
    const layer = n < routed ? Math.floor(n / moe.experts_per_layer) : Math.floor((n - routed) / moe.shared_experts);
    const events = counts.eventsPerLayer[layer] as number;
    out[n] = events > 0 ? (counts.selections[n] as number) / events : 0;
  }
  return out;
}

/** Empirical expert frequencies over some chunks (e.g. a trace prefix). */
export function empiricalExpertFrequencies(chunks: Iterable<LogicalChunk>, moe: MoeShape): Float64Array {
  const counts = emptyExpertSelectionCounts(moe);
  for (const c of chunks) countExpertSelections(c, counts);
  return selectionFrequencies(counts, moe);
}
