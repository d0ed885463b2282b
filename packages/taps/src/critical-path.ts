/**
 * Expected critical path of every MoE layer for an item -> core assignment: the
 * throughput side of TAPS (docs/model.md "TAPS", "Throughput as a hard constraint").
 *
 * Decode is memory bound: an expert task (one micro-batch's tokens routed to one
 * expert) reads the expert's whole weights, striped over `dram.stripe_banks`
 * banks of the host's vault, so it lasts
 *   tau_e = max(compute, read) + token traffic,
 *   compute = tokens_e x F_sel / core_flops_tps,
 *   read    = shards x shard_bytes / min(stripe_banks x bank_bw, vault_bw),
 *   tokens  = 2 x tokens_e x hidden x dtype_bytes / min(link rate, vault_bw)  (dispatch + combine),
 * with tokens_e = micro_batch x f_e / P_e the expected tokens of a task that
 * runs, and P_e = 1 - (1 - f_e)^micro_batch the chance a micro-batch uses the
 * expert (tokens routed independently). These are the physicalizer's rules and
 * constants (task-issue.ts, transfers.ts, machine-model.ts): the same config
 * fields, no new literals. The host holds its core for the whole task and the
 * weights sit in its own vault (the bank rule puts a shard under its expert's
 * core, a replica host reads its resident copy), so core and vault see the same
 * busy time and one resource per core suffices; a spilled shard is reported.
 *
 * A replica host runs 1/copies of the expert's micro-batches (the physicalizer's
 * `mbId mod hosts` rotation), so item i occupies its core for
 *   occ_i = P_e / copies_e x tau_e   per micro-batch passing its layer.
 *
 * `concurrency` micro-batches are in flight, one per lane, each at its own
 * layer. A micro-batch's expert group at layer l ends with its slowest task,
 * which waits (FIFO) behind the tasks of other lanes on its core, by layer
 * offset d weighted contend[d] (contention-offsets.ts: 0/1 when the lanes can
 * settle at offsets that avoid each other, (concurrency - 1) / layers when not):
 *   CP_l = max over items i of layer l of
 *          tau_i + sum of contend[l_j - l] x occ_j over the other items j on core(i).
 * Across the whole step, a core's utilisation is sum of occ_j over all its items
 * (U_c); TAPS keeps both CP_l and max U_c within 1% of the default placement's.
 */
import { expertModel } from '@tasmoe/schemas';
import { contentionOffsets } from './contention-offsets.js';
import type { ResolvedArchConfig, ResolvedTapsParamsLike, ResolvedWorkloadConfig } from './types.js';

export interface TaskTimeModel {
  /** Duration of one task of each global expert, s. */
  readonly taskS: Float64Array;
  /** Chance a micro-batch uses each expert. */
  readonly useProb: Float64Array;
  readonly layerCount: number;
  /** Micro-batches in flight (sequence.concurrency). */
  readonly concurrency: number;
  readonly microBatch: number;
}

/**
 * Bytes per second one weight-shard read streams at: its stripe group's banks together, capped by the
 * vault's TSVs (the physicalizer's `access`, transfers.ts). 16 GB/s on the default arch (vault-bound).
 */
export function shardReadBytesPerS(arch: ResolvedArchConfig, taps: ResolvedTapsParamsLike): number {
  const banksPerVault = (arch.dram.banks[0] / arch.mesh.cores[0]) * (arch.dram.banks[1] / arch.mesh.cores[1]);
  const stripe = Math.min(arch.dram.stripe_banks, Math.max(1, Math.floor(banksPerVault)) * arch.dram.banks[2]);
  return Math.min(stripe * taps.capacity.bank_bw_gbps * 1e9, arch.dram.vault_bw_gbps * 1e9);
}

export function taskTimeModel(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  taps: ResolvedTapsParamsLike,
  expertHeat: Float64Array,
): TaskTimeModel {
  const mb = workload.sequence.micro_batch;
  const k = workload.routing.topk + workload.moe.shared_experts;
  const fSel = workload.operators.fc.flop_per_token / k;
  const shardBytes = Math.round(workload.tensors.weight_shard_mb * 1024 * 1024);
  const expertBytes = workload.tensors.shards_per_expert * shardBytes;
  const vaultBps = arch.dram.vault_bw_gbps * 1e9;
  const readBps = shardReadBytesPerS(arch, taps);
  const linkBps = (arch.mesh.noc.width_bits / 8 / arch.mesh.noc.link_latency_ns) * 1e9;
  const tokenBps = Math.min(linkBps, vaultBps);
  const actBytes = expertModel(workload).activationBytes;
  const n = expertHeat.length;
  const taskS = new Float64Array(n);
  const useProb = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    const f = Math.min(1, Math.max(0, expertHeat[e] as number));
    const p = 1 - (1 - f) ** mb;
    useProb[e] = p;
    const tokens = p > 0 ? (mb * f) / p : 0;
    const compute = (tokens * fSel) / taps.capacity.core_flops_tps;
    const read = expertBytes / readBps;
    const traffic = (2 * tokens * actBytes) / tokenBps;
    taskS[e] = Math.max(compute, read) + traffic;
  }
  return {
    taskS,
    useProb,
    layerCount: workload.moe.layers,
    concurrency: Math.max(1, workload.sequence.concurrency),
    microBatch: mb,
  };
}

/** Items (expert copies) as the critical path sees them. */
export interface CriticalPathItems {
  readonly coreCount: number;
  readonly layerCount: number;
  readonly itemLayer: Int32Array;
  /** tau of the item's expert, s. */
  readonly itemTaskS: Float64Array;
  /** Expected busy time per micro-batch passing the layer, s. */
  readonly itemOccS: Float64Array;
  /**
   * contend[d]: how much of the busy time of items d layers after a task's layer
   * (mod layers) on its core is in the task's way: 1 at d = 0 (one micro-batch's
   * experts of a layer serialise), 0 or 1 at d > 0 when the lanes can settle at
   * offsets that avoid each other, (concurrency - 1) / layers when they cannot
   * (contention-offsets.ts).
   */
  readonly contend: Float64Array;
}

export function criticalPathItems(
  m: TaskTimeModel,
  coreCount: number,
  itemExpert: ArrayLike<number>,
  itemCopies: ArrayLike<number>,
  itemLayer: ArrayLike<number>,
  contend: Float64Array,
): CriticalPathItems {
  const count = itemExpert.length;
  const itemTaskS = new Float64Array(count);
  const itemOccS = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const e = itemExpert[i] as number;
    itemTaskS[i] = m.taskS[e] as number;
    itemOccS[i] = ((m.useProb[e] as number) / Math.max(1, itemCopies[i] as number)) * (m.taskS[e] as number);
  }
  return { coreCount, layerCount: m.layerCount, itemLayer: Int32Array.from(itemLayer), itemTaskS, itemOccS, contend };
}

export interface CriticalPaths {
  /** CP_l, s. */
  readonly layerS: Float64Array;
  /** U_c: expected busy time of each core per micro-batch step through all layers, s. */
  readonly coreS: Float64Array;
  /** Sum of CP_l: the expected time of one lane through all MoE layers, s. */
  readonly stepS: number;
}

/** Expected busy time per core and layer: occ[c * layers + l], s. */
export function coreLayerOccupancy(items: CriticalPathItems, assign: ArrayLike<number>): Float64Array {
  const L = items.layerCount;
  const occ = new Float64Array(items.coreCount * L);
  for (let i = 0; i < items.itemLayer.length; i++) {
    const k = (assign[i] as number) * L + (items.itemLayer[i] as number);
    occ[k] = (occ[k] as number) + (items.itemOccS[i] as number);
  }
  return occ;
}

/**
 * CP_l = max over items i of layer l of
 *   tau_i + sum of contend[l_j - l] x occ_j over the items j on core(i), less i's own occ_i
 *   (i's task is the one waiting; at contend[0] > 1 another lane's task of the same expert can be ahead).
 */
export function criticalPaths(items: CriticalPathItems, assign: ArrayLike<number>): CriticalPaths {
  const n = items.coreCount;
  const L = items.layerCount;
  const occ = coreLayerOccupancy(items, assign);
  const coreS = new Float64Array(n);
  for (let c = 0; c < n; c++) for (let l = 0; l < L; l++) coreS[c] = (coreS[c] as number) + (occ[c * L + l] as number);
  const layerS = new Float64Array(L);
  for (let i = 0; i < items.itemLayer.length; i++) {
    const base = (assign[i] as number) * L;
    const l = items.itemLayer[i] as number;
    let w = 0;
    for (let l2 = 0; l2 < L; l2++)
      w += (items.contend[(((l2 - l) % L) + L) % L] as number) * (occ[base + l2] as number);
    const v = (items.itemTaskS[i] as number) + w - (items.itemOccS[i] as number);
    if (v > (layerS[l] as number)) layerS[l] = v;
  }
  let stepS = 0;
  for (let l = 0; l < L; l++) stepS += layerS[l] as number;
  return { layerS, coreS, stepS };
}

/** Largest entry. */
export function maxOf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, a[i] as number);
  return m;
}

/** The default placement (expert e single on core e mod cores): its assignment, contention offsets and critical paths. */
export function defaultCriticalPaths(
  m: TaskTimeModel,
  coreCount: number,
  expertLayer: Int32Array,
): CriticalPaths & { readonly contend: Float64Array } {
  const count = expertLayer.length;
  const experts = Int32Array.from({ length: count }, (_, e) => e);
  const assign = Int32Array.from({ length: count }, (_, e) => e % coreCount);
  const contend = contentionOffsets(m.layerCount, coreCount, expertLayer, assign, m.concurrency);
  const items = criticalPathItems(m, coreCount, experts, new Int32Array(count).fill(1), expertLayer, contend);
  return { ...criticalPaths(items, assign), contend };
}

/**
 * Decode token rate through each MoE layer that the critical paths allow:
 * `concurrency` lanes of `micro_batch` tokens, each lane one step per sum of CP_l
 * (attention and the lane's other work left out, so an upper bound).
 */
export function criticalPathTokenRate(m: TaskTimeModel, cp: CriticalPaths): number {
  return cp.stepS > 0 ? (m.concurrency * m.microBatch) / cp.stepS : 0;
}

/**
 * Attention signature of every core: an id shared by cores that are home to the
 * same set of lanes (the physicalizer's rule, docs/model.md "Execution and
 * physicalization": token t of lane j is homed on core (j x micro_batch + t mod
 * micro_batch) mod cores, where its attention reads its KV from the core's vault).
 * An attention group holds every home vault of its lane, so an expert task on a
 * core meets the attention of exactly the lanes homed there; the lanes settle
 * into an order around those meetings as they do around the expert offsets. A
 * placement that keeps every expert on a core with its default core's signature
 * keeps that pattern; moving an expert to the other lanes' homes makes it meet
 * attention groups the default's lane order never has to avoid (measured: with
 * the layer offsets kept but experts spread over both halves of the 8x8 mesh,
 * Mixtral ran at 45 of 171 ips).
 */
export function attentionSignature(coreCount: number, microBatch: number, concurrency: number): Int32Array {
  const lanes: number[][] = Array.from({ length: coreCount }, () => []);
  for (let j = 0; j < concurrency; j++) {
    for (let q = 0; q < microBatch; q++) {
      const c = (j * microBatch + q) % coreCount;
      const list = lanes[c] as number[];
      if (!list.includes(j)) list.push(j);
    }
  }
  const ids = new Map<string, number>();
  return Int32Array.from(lanes, (list) => {
    const key = list.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  });
}
