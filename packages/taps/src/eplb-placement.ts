/**
 * The eplb scenario's placement: EPLB's replicas and cores (eplb.ts) from the
 * experts' routing load, weight shards as the default placement places them
 * (the vault under the expert's first core, DRAM die 0 upwards, nearest vault
 * when full), thermally naive like EPLB itself. Every further host keeps a
 * resident copy of the expert's shards in its own vault (the physicalizer's
 * replica rule), so a core's vault must hold S shards for every physical expert
 * on it. A slot count the user set that does not fit is refused, naming the knob;
 * the default is lowered to the largest count that fits (a 4x4 stack's vaults hold
 * 21 Mixtral experts, fewer than the default's 32 slots pack onto some cores).
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

/**
 * The default count: DEFAULT_REDUNDANT_FRACTION of the experts, but no more than leaves every layer's
 * physical experts within the cores' per-layer ceiling its own experts already need
 * (cores x ceil(experts per layer / cores)). EPLB keeps the same count of physical experts on every
 * GPU; a slot past that ceiling puts two of a layer's experts on one core, which then serialises
 * every micro-batch's layer (16 experts per layer on a 4x4 mesh: 13 slots cost 42 % of ips, none
 * 0.1 %).
 */
export function defaultRedundantSlots(workload: ResolvedWorkloadConfig, cores: number): number {
  const perLayer = workload.moe.experts_per_layer + workload.moe.shared_experts;
  const room = cores * Math.ceil(perLayer / cores) - perLayer;
  return Math.min(Math.round(DEFAULT_REDUNDANT_FRACTION * totalExperts(workload)), workload.moe.layers * room);
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
  const spe = workload.tensors.shards_per_expert;
  const shardsPerBank = Math.floor(arch.dram.bank_capacity_mb / workload.tensors.weight_shard_mb + 1e-12);
  if (shardsPerBank < 1) {
    throw new TapsError(
      'TAPS_INFEASIBLE',
      `a weight shard (${workload.tensors.weight_shard_mb} MiB) does not fit in a bank (${arch.dram.bank_capacity_mb} MiB)`,
    );
  }
  const vaultShards = topo.vaultX * topo.vaultY * topo.dramLayers * shardsPerBank;
  const layerOf = Int32Array.from({ length: experts }, (_, e) => layerOfExpert(e, workload));
  const run = (slots: number): EplbResult => eplb({ load, cores: topo.coreCount, redundantSlots: slots, layerOf });
  const fits = (r: EplbResult): boolean => r.slotsPerCore * spe <= vaultShards;
  const defaultSlots = defaultRedundantSlots(workload, topo.coreCount);
  let slots = redundantSlots ?? defaultSlots;
  let res = run(slots);
  const lowered = redundantSlots === undefined && !fits(res);
  if (lowered) [slots, res] = largestFitting(slots, run, fits);
  if (!fits(res)) {
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
    note: `${slots} redundant slots${lowered ? ` (the default ${defaultSlots} lowered to fit the vaults)` : ''} (${slots - res.dropped} used, ${replicated} experts replicated), at most ${res.slotsPerCore} physical experts per core; thermally naive`,
  });
  return { ...res, placement, redundantSlots: slots };
}

/**
 * The largest slot count below `over` whose packing fits: a bisection (more slots pack more experts
 * onto the fullest core, though not strictly so), then downwards from its answer until one fits.
 */
function largestFitting(
  over: number,
  run: (slots: number) => EplbResult,
  fits: (r: EplbResult) => boolean,
): [number, EplbResult] {
  let lo = 0;
  let hi = over;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (fits(run(mid))) lo = mid;
    else hi = mid;
  }
  for (let slots = lo; slots > 0; slots--) {
    const r = run(slots);
    if (fits(r)) return [slots, r];
  }
  return [0, run(0)];
}
