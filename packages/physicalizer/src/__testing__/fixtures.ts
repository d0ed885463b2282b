/** Small resolved configs and placements for tests and the bench. */
import {
  buildTopology,
  resolveConfig,
  type ArchConfigInput,
  type Placement,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
  type TasParamsInput,
  type WorkloadConfigInput,
} from '@tasmoe/schemas';

export function smallArch(over: Partial<ArchConfigInput> = {}): ResolvedArchConfig {
  return resolveConfig('arch', {
    mesh: { cores: [4, 4], noc: { width_bits: 256, link_latency_ns: 5 } },
    // one bank per shard and no vault limit: the seed's timing model, which most tests pin down; striping.test.ts sets both
    dram: { banks: [8, 8, 2], stripe_banks: 1, vault_bw_gbps: 1e6 },
    geometry: {},
    dvfs: { domains: [{ cores: 'all', steps_ghz: [2.0, 1.0], trip_c: [85] }] },
    ...over,
  });
}

export function smallWorkload(
  over: Partial<WorkloadConfigInput> = {},
  seq: Partial<WorkloadConfigInput['sequence']> = {},
): ResolvedWorkloadConfig {
  return resolveConfig('workload', {
    model: 'tiny',
    moe: { layers: 3, experts_per_layer: 6, shared_experts: 0 },
    routing: { topk: 2, seed: 7, zipf_s: 1.2 },
    sequence: { tokens: 64, micro_batch: 8, steps: 6, concurrency: 1, ...seq },
    operators: { fc: { flop_per_token: 4e7 }, attn: { flop_per_token: 1e7, kv_bytes_per_token: 256 } },
    tensors: { weight_shard_mb: 0.25, shards_per_expert: 2 },
    ...over,
  });
}

/** Window 0.2 ms so a small run spans many windows. */
export function smallTas(over: TasParamsInput = {}): ResolvedTasParams {
  return resolveConfig('tas', {
    taps: { capacity: { core_flops_tps: 1e11, bank_bw_gbps: 25 } },
    tacs: { window_ms: 0.2, min_residency_ms: 1, undo_cooldown_ms: 2 },
    ...over,
  });
}

export interface PlacementOptions {
  /** Extra placement cores per expert (policy "replicate"). */
  readonly replicate?: ReadonlyMap<number, readonly number[]>;
  /** Put every expert on this core instead of round-robin. */
  readonly allOn?: number;
}

/** Expert e on core e mod cores; its shards in that core's vault, die (e + s) mod dies. */
export function roundRobinPlacement(
  arch: ResolvedArchConfig,
  wl: ResolvedWorkloadConfig,
  opts: PlacementOptions = {},
): Placement {
  const topo = buildTopology(arch);
  const n = wl.moe.layers * (wl.moe.experts_per_layer + wl.moe.shared_experts);
  const S = wl.tensors.shards_per_expert;
  const experts: Placement['experts'] = {};
  const tensors: Placement['tensors'] = {};
  for (let e = 0; e < n; e++) {
    const home = opts.allOn ?? e % topo.coreCount;
    const extra = opts.replicate?.get(e);
    experts[`E${e}`] =
      extra === undefined
        ? { cores: [home], policy: 'single' }
        : { cores: [home, ...extra.filter((c) => c !== home)], policy: 'replicate' };
    for (let s = 0; s < S; s++) {
      const vault = topo.vaultBanks(home, (e + s) % topo.dramLayers);
      const bank = vault[(Math.floor(e / topo.coreCount) * S + s + 1) % vault.length] ?? 0;
      tensors[`W_E${e}_${s}`] = { dram_bank: topo.bankIdOf(bank) };
    }
  }
  return { experts, tensors };
}
