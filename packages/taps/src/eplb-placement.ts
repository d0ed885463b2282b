/**
 * The eplb scenario's placement: EPLB's replicas and cores (eplb.ts) from the
 * experts' routing load, weight shards as the default placement places them
 * (the vault under the expert's first core, DRAM die 0 upwards, nearest vault
 * when full), thermally naive like EPLB itself. Every further host keeps a
 * resident copy of the expert's shards in its own vault (the physicalizer's
 * replica rule), so a core's vault must hold S shards for every physical expert
 * on it; a slot count that does not fit is refused, naming the knob.
 */
import { buildTopology, type Placement, type ResolvedArchConfig, type ResolvedWorkloadConfig } from '@tasmoe/schemas';
import { assignBanksGreedy, makeShardList } from './banks.js';
import { eplb, type EplbResult } from './eplb.js';
import { TapsError } from './errors.js';
import { toPlacementRecord } from './placement-record.js';
import { layerOfExpert, totalExperts } from './routing-heat.js';

/**
 * Default redundant slots: 12.5 % of the experts, rounded. DeepSeek-V3 (technical report, section
 * 3.4) serves its 256 routed experts per layer with 32 redundant ones in prefill.
 */
export const DEFAULT_REDUNDANT_FRACTION = 32 / 256;

export function defaultRedundantSlots(workload: ResolvedWorkloadConfig): number {
  return Math.round(DEFAULT_REDUNDANT_FRACTION * totalExperts(workload));
}

export interface EplbPlacementResult extends EplbResult {
  readonly placement: Placement;
  readonly redundantSlots: number;
}

export function eplbPlacement(
  arch: ResolvedArchConfig,
  workload: ResolvedWorkloadConfig,
  load: ArrayLike<number>,
  redundantSlots?: number,
): EplbPlacementResult {
  const topo = buildTopology(arch);
  const experts = totalExperts(workload);
  if (load.length !== experts)
    throw new TapsError('TAPS_HEAT_INVALID', `eplb: ${load.length} expert loads for ${experts} experts`);
  const slots = redundantSlots ?? defaultRedundantSlots(workload);
  const layerOf = Int32Array.from({ length: experts }, (_, e) => layerOfExpert(e, workload));
  const res = eplb({ load, cores: topo.coreCount, redundantSlots: slots, layerOf });
  const spe = workload.tensors.shards_per_expert;
  const shardsPerBank = Math.floor(arch.dram.bank_capacity_mb / workload.tensors.weight_shard_mb + 1e-12);
  if (shardsPerBank < 1) {
    throw new TapsError(
      'TAPS_INFEASIBLE',
      `a weight shard (${workload.tensors.weight_shard_mb} MiB) does not fit in a bank (${arch.dram.bank_capacity_mb} MiB)`,
    );
  }
  const vaultShards = topo.vaultX * topo.vaultY * topo.dramLayers * shardsPerBank;
  if (res.slotsPerCore * spe > vaultShards) {
    throw new TapsError(
      'TAPS_INFEASIBLE',
      `eplb: ${res.slotsPerCore} physical experts per core x ${spe} shards do not fit a core's vault (${vaultShards} shards); lower tas.eplb.redundant_slots (${slots})`,
    );
  }
  const first = Int32Array.from(res.expertCores, (cores) => cores[0] as number);
  const shards = makeShardList(first, spe, new Float64Array(experts));
  const layerOrder = Array.from({ length: topo.dramLayers }, (_, i) => i);
  const order = Array.from({ length: shards.expert.length }, (_, k) => k);
  const { bank } = assignBanksGreedy(
    topo,
    { shardsPerBank, bankBytesPerS: Infinity, shardBytes: 0, layerOrder },
    shards,
    order,
  );
  const replicated = res.expertCores.filter((c) => c.length > 1).length;
  const placement = toPlacementRecord(res.expertCores, topo, shards, bank, {
    method: 'eplb',
    note: `${slots} redundant slots (${slots - res.dropped} used, ${replicated} experts replicated), at most ${res.slotsPerCore} physical experts per core; thermally naive`,
  });
  return { ...res, placement, redundantSlots: slots };
}
