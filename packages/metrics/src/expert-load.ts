/**
 * Expert-load balance over a run, EPLB's measure: per MoE layer, the most
 * loaded unit's token count over the mean, averaged over layers. The unit is
 * the core (it plays the role of EPLB's GPU): load(l, c) = tokens core c
 * processed for routed experts of layer l. The mean is the layer's tokens over
 * its routed experts (total / experts_per_layer), so the value is EPLB's
 * max/mean over experts when each expert has one core of its own, rises when
 * two experts of a layer share a core, and falls when replicas split a hot
 * expert's tokens (below 1 once replicas spread a layer over more cores than it
 * has experts). Shared experts see every token by construction and are left out,
 * as EPLB leaves them out.
 *
 * Token counts come from the physical window's compute events: an expert task
 * runs the tokens of one micro-batch routed to that expert and its FLOPs are
 * tokens x flop_per_token / k, the same factor for every expert (trace-shape.ts),
 * so FLOPs stand in for tokens and the factor cancels in the ratio.
 */
import type { ComputeEventColumns } from '@tasmoe/schemas';

export interface ExpertLoadShape {
  readonly layers: number;
  readonly expertsPerLayer: number;
  readonly cores: number;
}

/** The columns of a window's compute events the tally reads (a PhysicalWindow's `compute` has them). */
export type ExpertComputeEvents = Pick<ComputeEventColumns, 'count' | 'op' | 'expert' | 'coreId' | 'flops'>;

export interface ExpertLoadTally {
  add(compute: ExpertComputeEvents): void;
  /** Mean over layers with any load of max(core load) / (layer load / experts_per_layer); undefined with no load. */
  maxOverMean(): number | undefined;
}

const OP_FC = 0;

/** State in fields: a forked loop state copies it. */
export function createExpertLoadTally(shape: ExpertLoadShape): ExpertLoadTally {
  return new LoadTally(shape);
}

class LoadTally implements ExpertLoadTally {
  private readonly layers: number;
  private readonly E: number;
  private readonly cores: number;
  private readonly routed: number;
  private readonly load: Float64Array;

  constructor(shape: ExpertLoadShape) {
    this.layers = shape.layers;
    this.E = shape.expertsPerLayer;
    this.cores = shape.cores;
    this.routed = shape.layers * shape.expertsPerLayer;
    this.load = new Float64Array(shape.layers * shape.cores);
  }

  add(compute: ExpertComputeEvents): void {
    const { op, expert, coreId, flops } = compute;
    const { E, cores, routed, load } = this;
    for (let i = 0; i < compute.count; i++) {
      const e = expert[i] as number;
      if (op[i] !== OP_FC || e < 0 || e >= routed) continue;
      const c = coreId[i] as number;
      const k = Math.floor(e / E) * cores + c;
      load[k] = (load[k] as number) + (flops[i] as number);
    }
  }

  maxOverMean(): number | undefined {
    const { layers, E, cores, load } = this;
    let sum = 0;
    let n = 0;
    for (let l = 0; l < layers; l++) {
      let total = 0;
      let max = 0;
      for (let c = 0; c < cores; c++) {
        const v = load[l * cores + c] as number;
        total += v;
        if (v > max) max = v;
      }
      if (total <= 0) continue;
      sum += max / (total / E);
      n++;
    }
    return n > 0 ? sum / n : undefined;
  }
}
