/**
 * From expert heat f_e (selections per token) to expected FLOP rates and watts
 * at *nominal load*. The model, in full (docs/model.md "TAPS"):
 *
 * - A chosen expert does F_sel = fc.flop_per_token / (topk + shared_experts)
 *   FLOPs for that token (fc is split over the chosen experts).
 * - Nominal token rate lambda (tokens per second through each MoE layer):
 *   closed-loop decode (SPEC section 4) runs the MoE layers of a step one after
 *   another, and a layer lasts as long as its busiest expert core. With every
 *   expert of a layer on its own core at nominal frequency the busiest one does
 *   micro_batch * max_e f_e * F_sel FLOPs per layer, and each expert reads its
 *   weight shard (weight_shard_mb, one bank at bank_bw_gbps) once per layer and
 *   micro-batch and copy (2 copies when replicate_hot_k > 0), overlapped with
 *   compute. So a layer takes
 *     t_layer = max(micro_batch * max_e f_e * F_sel / core_flops_tps, copies * shard_bytes / bank_bw)
 *   and lambda = concurrency * micro_batch / (layers * t_layer).
 *   Attention time and NoC latency are left out, so lambda is an upper bound and
 *   the predicted temperatures err on the hot side. opts.tokenRate overrides it
 *   (the runner may pass the throughput it measured).
 * - Expert FLOP rate r_e = lambda * f_e * F_sel (split evenly over replicas);
 *   dynamic power = alpha_cmp_pj_per_flop * 1e-12 * r_e.
 * - Placement-independent core power: core_idle_w + core_leak_w (leakage at its
 *   reference temperature, not iterated with T) on every core, plus attention:
 *   attn.flop_per_token per token and layer, layers * lambda * attn FLOP/s in
 *   all, run on the sequences' home cores whatever the placement. Where it runs
 *   is the physicalizer's rule, so the caller passes each core's share
 *   (attentionCorePowerW); it is a fixed background, not a decision variable.
 */
import { TapsError } from './errors.js';
import type { ResolvedArchConfig, ResolvedTapsParamsLike, ResolvedWorkloadConfig } from './types.js';

export interface NominalLoad {
  /** Tokens per second through each MoE layer. */
  readonly tokenRate: number;
  /** FLOPs of one (token, chosen expert). */
  readonly flopsPerSelection: number;
  /** Expected FLOP/s of each global expert (all copies together). */
  readonly expertFlopRate: Float64Array;
  /** Expected dynamic watts of each global expert (all copies together). */
  readonly expertPowerW: Float64Array;
  /** Placement-independent watts of every core. */
  readonly corePowerBaseW: number;
  /** Attention watts of the whole mesh at this token rate (placed by the caller's per-core share). */
  readonly attentionPowerW: number;
  /** FLOP/s one core can run at nominal frequency. */
  readonly coreFlopCapacity: number;
}

export function nominalLoad(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  taps: ResolvedTapsParamsLike,
  expertHeat: Float64Array,
  tokenRate?: number,
): NominalLoad {
  const k = workload.routing.topk + workload.moe.shared_experts;
  const fSel = workload.operators.fc.flop_per_token / k;
  let maxHeat = 0;
  for (const f of expertHeat) maxHeat = Math.max(maxHeat, f);
  const cap = taps.capacity.core_flops_tps;
  const mb = workload.sequence.micro_batch;
  const tCompute = (mb * maxHeat * fSel) / cap;
  // A replicated expert's copies both read the one bank holding its shard.
  const readsPerShard = taps.replicate_hot_k > 0 ? 2 : 1;
  const tRead = (readsPerShard * workload.tensors.weight_shard_mb * 1024 * 1024) / (taps.capacity.bank_bw_gbps * 1e9);
  const tLayer = Math.max(tCompute, tRead);
  const lambda = tokenRate ?? (maxHeat > 0 ? (workload.sequence.concurrency * mb) / (workload.moe.layers * tLayer) : 0);
  const rate = new Float64Array(expertHeat.length);
  const power = new Float64Array(expertHeat.length);
  const joulePerFlop = arch.power.alpha_cmp_pj_per_flop * 1e-12;
  for (let e = 0; e < expertHeat.length; e++) {
    rate[e] = lambda * (expertHeat[e] as number) * fSel;
    power[e] = (rate[e] as number) * joulePerFlop;
  }
  return {
    tokenRate: lambda,
    flopsPerSelection: fSel,
    expertFlopRate: rate,
    expertPowerW: power,
    corePowerBaseW: arch.power.core_idle_w + arch.power.core_leak_w,
    attentionPowerW: workload.moe.layers * lambda * workload.operators.attn.flop_per_token * joulePerFlop,
    coreFlopCapacity: cap,
  };
}

/** Attention watts per core: the total split by each core's share (normalised; shares >= 0, not all 0). */
export function attentionCorePowerW(share: ArrayLike<number>, totalW: number, coreCount: number): Float64Array {
  if (share.length !== coreCount)
    throw new TapsError(
      'TAPS_HEAT_INVALID',
      `attention share has ${share.length} entries, expected ${coreCount} (one per core)`,
    );
  let sum = 0;
  for (let c = 0; c < coreCount; c++) {
    const s = share[c] as number;
    if (!(Number.isFinite(s) && s >= 0))
      throw new TapsError('TAPS_HEAT_INVALID', `attention share of core ${c} is ${s}; expected finite and >= 0`);
    sum += s;
  }
  if (!(sum > 0)) throw new TapsError('TAPS_HEAT_INVALID', 'attention shares sum to 0');
  return Float64Array.from({ length: coreCount }, (_, c) => ((share[c] as number) / sum) * totalW);
}
