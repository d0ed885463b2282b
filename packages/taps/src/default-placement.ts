/**
 * The baseline's placement, thermally naive: expert n on core n mod cores
 * (routed experts layer by layer, then the shared experts, as numbered), every
 * expert single; its weight shards in the vault under its core, filling banks
 * from DRAM die 0 upwards in bank order, spilling to the nearest vault when full.
 * Bank bandwidth is not considered (no rate model in the baseline).
 */
import { buildTopology, type Placement } from '@tasmoe/schemas';
import { assignBanksGreedy, makeShardList } from './banks.js';
import { TapsError } from './errors.js';
import { toPlacementRecord } from './placement-record.js';
import { totalExperts } from './routing-heat.js';
import type { ResolvedArchConfig, ResolvedWorkloadConfig } from './types.js';

export function defaultPlacement(arch: ResolvedArchConfig, workload: ResolvedWorkloadConfig): Placement {
  const topo = buildTopology(arch);
  const n = topo.coreCount;
  const experts = totalExperts(workload);
  const core = new Int32Array(experts);
  for (let e = 0; e < experts; e++) core[e] = e % n;
  const spe = workload.tensors.shards_per_expert;
  const shards = makeShardList(core, spe, new Float64Array(experts));
  const shardsPerBank = Math.floor(arch.dram.bank_capacity_mb / workload.tensors.weight_shard_mb + 1e-12);
  if (shardsPerBank < 1) {
    throw new TapsError(
      'TAPS_INFEASIBLE',
      `a weight shard (${workload.tensors.weight_shard_mb} MiB) does not fit in a bank (${arch.dram.bank_capacity_mb} MiB)`,
    );
  }
  const layerOrder = Array.from({ length: topo.dramLayers }, (_, i) => i);
  const order = Array.from({ length: shards.expert.length }, (_, k) => k);
  const { bank } = assignBanksGreedy(
    topo,
    { shardsPerBank, bankBytesPerS: Infinity, shardBytes: 0, layerOrder },
    shards,
    order,
  );
  return toPlacementRecord(
    Array.from(core, (c) => [c]),
    topo,
    shards,
    bank,
    { method: 'default', note: 'round-robin experts over cores, shards in the vault under their core' },
  );
}
