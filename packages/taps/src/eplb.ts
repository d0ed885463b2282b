/**
 * EPLB, DeepSeek's expert-parallel load balancer (github.com/deepseek-ai/EPLB,
 * eplb.py, global policy), on the mesh: cores play the GPUs.
 *
 *   replicate:  R redundant slots go one at a time to the expert with the highest
 *               load per replica (load / replica count), as `replicate_experts`;
 *   pack:       physical experts, heaviest first, each to the lightest core that
 *               still has a free slot, as `balanced_packing`.
 *
 * EPLB balances each MoE layer on its own (a micro-batch's layer waits for all of
 * its experts, so a layer's experts must spread over the units), and so does
 * this: per layer, the layer's experts (routed and shared) get that layer's share
 * of the redundant slots, and each core takes at most ceil(physical experts of
 * the layer / cores) of them. Two adaptations, because a core here is not a GPU
 * of an EP group running one layer at a time:
 *  - micro-batches of every layer are in flight at once (the loop pipelines
 *    them), so "the lightest core" is the one with the least load summed over the
 *    layers packed so far: the layers' hot experts do not pile onto one core;
 *  - EPLB needs (experts + redundant) to be a multiple of the GPU count; here the
 *    per-layer cap is a ceiling and the redundant slots split over layers as
 *    evenly as integers allow (earlier layers get the remainder).
 */
import { TapsError } from './errors.js';

export interface EplbInput {
  /** Load of each logical expert (any unit proportional to its tokens). */
  readonly load: ArrayLike<number>;
  readonly cores: number;
  readonly redundantSlots: number;
  /** MoE layer of each expert: each layer is balanced on its own (absent: one group). */
  readonly layerOf?: ArrayLike<number>;
}

export interface EplbResult {
  /** Cores of each expert; [0] is the replica of rank 0. */
  readonly expertCores: number[][];
  /** Most physical experts any core holds. */
  readonly slotsPerCore: number;
  /** Redundant replicas that found no core without their expert. */
  readonly dropped: number;
  /** Load each core carries when an expert's load splits evenly over its replicas. */
  readonly coreLoad: Float64Array;
}

/** Replica count of each expert after `replicate_experts` with `redundant` extra slots (at most `maxPerExpert` each). */
export function replicateExperts(
  load: ArrayLike<number>,
  redundant: number,
  maxPerExpert: number,
): { count: Int32Array; order: Int32Array } {
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
    if (!(v >= 0) || !Number.isFinite(v))
      throw new TapsError('TAPS_HEAT_INVALID', `eplb: load of E${e} is ${v}; expected a finite non-negative number`);
  }
  // experts by layer (one group without layerOf), ascending expert number
  const groups = new Map<number, number[]>();
  for (let e = 0; e < n; e++) {
    const g = input.layerOf === undefined ? 0 : (input.layerOf[e] as number);
    const list = groups.get(g) ?? [];
    list.push(e);
    groups.set(g, list);
  }
  const keys = [...groups.keys()].sort((a, b) => a - b);
  const redundant = Math.max(0, Math.floor(input.redundantSlots));
  const coreLoad = new Float64Array(cores);
  const coreItems = new Int32Array(cores);
  const hosts: number[][] = Array.from({ length: n }, () => []);
  let dropped = 0;
  keys.forEach((g, gi) => {
    const members = groups.get(g) as number[];
    const slots = Math.floor(redundant / keys.length) + (gi < redundant % keys.length ? 1 : 0);
    const groupLoad = members.map((e) => load[e] as number);
    const { count, order } = replicateExperts(groupLoad, slots, cores);
    // physical experts: every logical one (rank 0), then the redundant ones in creation order
    const phy: number[] = members.map((_, j) => j);
    for (const j of order) phy.push(j);
    const share = (j: number) => (groupLoad[j] as number) / (count[j] as number);
    const sorted = phy.map((j, p) => ({ j, p })).sort((a, b) => share(b.j) - share(a.j) || a.p - b.p);
    const cap = Math.ceil(phy.length / cores);
    const inGroup = new Int32Array(cores);
    for (const { j } of sorted) {
      const e = members[j] as number;
      const held = hosts[e] as number[];
      let best = -1;
      for (let c = 0; c < cores; c++) {
        if ((inGroup[c] as number) >= cap || held.includes(c)) continue;
        if (best < 0 || (coreLoad[c] as number) < (coreLoad[best] as number)) best = c;
      }
      if (best < 0) {
        dropped++;
        continue;
      }
      held.push(best);
      inGroup[best] = (inGroup[best] as number) + 1;
      coreItems[best] = (coreItems[best] as number) + 1;
      coreLoad[best] = (coreLoad[best] as number) + share(j);
    }
  });
  // the load each core carries once an expert's load splits evenly over the replicas it really got
  coreLoad.fill(0);
  for (let e = 0; e < n; e++) {
    const hs = hosts[e] as number[];
    for (const c of hs) coreLoad[c] = (coreLoad[c] as number) + (load[e] as number) / hs.length;
  }
  let slotsPerCore = 0;
  for (const k of coreItems) slotsPerCore = Math.max(slotsPerCore, k);
  return { expertCores: hosts, slotsPerCore, dropped, coreLoad };
}
