/**
 * Popularity that changes over the run (`routing.drift`): the decode steps are
 * cut into epochs of `every_steps` steps, epoch = floor(step / every_steps), and
 * the ranking (which expert holds which popularity rank) changes from one epoch
 * to the next while the weights of the ranks stay. Epoch 0 is the static
 * ranking, so the first every_steps steps are the undrifted trace.
 * - rotate: rank r of layer l is held in epoch e by the expert that held rank
 *   (r + e * shift) mod E in epoch 0: the hottest expert passes its place on.
 * - redraw: epoch e > 0 relabels the epoch-0 ranking by a fresh Fisher-Yates
 *   permutation of the layer's experts from the stream (seed, "drift:<e>", l).
 * Deterministic in (seed, step), so any chunk is still reproducible alone.
 */
import { layerRankToExpert, type RoutingModel } from './routing-model.js';
import type { TraceShape } from './trace-shape.js';

export interface Ranking {
  /** rankToExpert (layer * E + rank -> expert index) in force at decode step `step`; valid until the next call. */
  at(step: number): Int32Array;
}

export function epochOf(shape: TraceShape, step: number): number {
  return shape.drift === undefined ? 0 : Math.floor(step / shape.drift.everySteps);
}

/** Fill `out` with the ranking of `epoch`. */
export function rankingOfEpoch(shape: TraceShape, routing: RoutingModel, epoch: number, out: Int32Array): Int32Array {
  const base = routing.rankToExpert;
  const d = shape.drift;
  if (d === undefined || epoch === 0) {
    out.set(base);
    return out;
  }
  const E = shape.expertsPerLayer;
  for (let l = 0; l < shape.layers; l++) {
    const o = l * E;
    if (d.mode === 'rotate') {
      const by = (epoch * d.shift) % E;
      for (let r = 0; r < E; r++) out[o + r] = base[o + ((r + by) % E)] as number;
    } else {
      const relabel = layerRankToExpert(shape.seed, l, E, `drift:${epoch}`);
      for (let r = 0; r < E; r++) out[o + r] = relabel[base[o + r] as number] as number;
    }
  }
  return out;
}

export function createRanking(shape: TraceShape, routing: RoutingModel): Ranking {
  if (shape.drift === undefined) return { at: () => routing.rankToExpert };
  const buf = new Int32Array(routing.rankToExpert.length);
  let epoch = -1;
  return {
    at(step: number): Int32Array {
      const e = epochOf(shape, step);
      if (e !== epoch) {
        rankingOfEpoch(shape, routing, e, buf);
        epoch = e;
      }
      return buf;
    },
  };
}
