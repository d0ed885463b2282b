/**
 * EPLB, DeepSeek's expert-parallel load balancer (github.com/deepseek-ai/EPLB,
 * eplb.py, global policy), on the mesh: cores play the GPUs.
 *
 *   replicate:  R redundant slots go one at a time to the expert with the highest
 *               load per replica (load / replica count), as `replicate_experts`;
 *   pack:       physical experts, heaviest first, each to the lightest core that
 *               still has a free slot, as `balanced_packing`.
 *
 * Two adaptations, both because a core of this machine is not a GPU of an EP group:
 *  - EPLB balances each MoE layer on its own, since every GPU runs the same layer
 *    at the same time. Here micro-batches of every layer are in flight at once
 *    (the loop pipelines them), so a core's work is the sum over the experts of
 *    all layers it hosts: the one weight row is every expert of the model
 *    (shared experts included, at their load of 1 per token).
 *  - EPLB needs (experts + R) to be a multiple of the GPU count; here every core
 *    takes at most ceil((experts + R) / cores) physical experts.
 * Replicas of one expert go to distinct cores (two copies on one core are one
 * replica); a replica whose only cores with a free slot already hold its expert
 * is dropped, and an expert never has more replicas than there are cores. Ties
 * go to the lower expert / core number (deterministic).
 */
import { TapsError } from './errors.js';

export interface EplbInput {
  /** Load of each logical expert (any unit proportional to its tokens). */
  readonly load: ArrayLike<number>;
  readonly cores: number;
  readonly redundantSlots: number;
}

export interface EplbResult {
  /** Cores of each expert; [0] is the replica of rank 0. */
  readonly expertCores: number[][];
  /** Physical experts per core at most. */
  readonly slotsPerCore: number;
  /** Redundant replicas that found no core without their expert. */
  readonly dropped: number;
  /** Load each core carries when an expert's load splits evenly over its replicas. */
  readonly coreLoad: Float64Array;
}

/** Replica count of each expert after `replicate_experts` with `redundant` extra slots (at most `maxPerExpert` each). */
export function replicateExperts(load: ArrayLike<number>, redundant: number, maxPerExpert: number): { count: Int32Array; order: Int32Array } {
  const n = load.length;
  const count = new Int32Array(n).fill(1);
  const order: number[] = [];
  for (let i = 0; i < redundant; i++) {
    let best = -1;
    let bestShare = -Infinity;
    for (let e = 0; e < n; e++) {
      if ((count[e] as number) >= maxPerExpert) continue;
      const share = (load[e] as number) / (count[e] as number);
      if (share > bestShare) {
        bestShare = share;
        best = e;
      }
    }
    if (best < 0) break; // every expert is on every core
    count[best] = (count[best] as number) + 1;
    order.push(best);
  }
  return { count, order: Int32Array.from(order) };
}

export function eplb(input: EplbInput): EplbResult {
  const { load, cores } = input;
  const n = load.length;
  for (let e = 0; e < n; e++) {
    const v = load[e] as number;
    if (!(v >= 0) || !Number.isFinite(v)) throw new TapsError('TAPS_HEAT_INVALID', `eplb: load of E${e} is ${v}; expected a finite non-negative number`);
  }
  const { count, order } = replicateExperts(load, Math.max(0, Math.floor(input.redundantSlots)), cores);
  // Physical experts: every logical one (rank 0), then the redundant ones in creation order.
  const phyExpert: number[] = Array.from({ length: n }, (_, e) => e);
  for (const e of order) phyExpert.push(e);
  const share = (e: number) => (load[e] as number) / (count[e] as number);
  const sorted = phyExpert.map((e, p) => ({ e, p })).sort((a, b) => share(b.e) - share(a.e) || a.p - b.p);
  const slotsPerCore = Math.ceil(phyExpert.length / cores);
  const packLoad = new Float64Array(cores);
  const packItems = new Int32Array(cores);
  const hosts: number[][] = Array.from({ length: n }, () => []);
  let dropped = 0;
  for (const { e } of sorted) {
    const held = hosts[e] as number[];
    let best = -1;
    for (let c = 0; c < cores; c++) {
      if ((packItems[c] as number) >= slotsPerCore || held.includes(c)) continue;
      if (best < 0 || (packLoad[c] as number) < (packLoad[best] as number)) best = c;
    }
    if (best < 0) {
      dropped++;
      continue;
    }
    held.push(best);
    packItems[best] = (packItems[best] as number) + 1;
    packLoad[best] = (packLoad[best] as number) + share(e);
  }
  // hosts[e][0]: the core its first packed copy went to (its shards live in that vault).
  const coreLoad = new Float64Array(cores);
  for (let e = 0; e < n; e++) {
    const hs = hosts[e] as number[];
    for (const c of hs) coreLoad[c] = (coreLoad[c] as number) + (load[e] as number) / hs.length;
  }
  return { expertCores: hosts, slotsPerCore, dropped, coreLoad };
}
