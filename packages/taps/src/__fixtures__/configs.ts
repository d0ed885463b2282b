/** Config builders for tests and benches (resolved, frozen, like parseConfigText returns). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ArchConfigSchema,
  TasParamsSchema,
  WorkloadConfigSchema,
  deepFreeze,
  parseConfigText,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
} from '@tasmoe/schemas';

export const REPO = path.resolve(import.meta.dirname, '../../../..');

export function shippedConfig(kind: 'arch', file: string): ResolvedArchConfig;
export function shippedConfig(kind: 'workload', file: string): ResolvedWorkloadConfig;
export function shippedConfig(kind: 'tas', file: string): ResolvedTasParams;
export function shippedConfig(kind: 'arch' | 'workload' | 'tas', file: string): ResolvedArchConfig | ResolvedWorkloadConfig | ResolvedTasParams {
  const text = readFileSync(path.join(REPO, 'configs', file), 'utf8');
  if (kind === 'arch') return parseConfigText('arch', text, file);
  if (kind === 'workload') return parseConfigText('workload', text, file);
  return parseConfigText('tas', text, file);
}

export const defaultArch = () => shippedConfig('arch', 'arch_8x8_32x32x8.yaml');
export const mixtral = () => shippedConfig('workload', 'workload_mixtral_8x7b.yaml');
export const deepseek = () => shippedConfig('workload', 'workload_deepseek_v2.yaml');
export const defaultTas = () => shippedConfig('tas', 'tas_params.yaml');

export interface SmallArch {
  cols?: number;
  rows?: number;
  dramLayers?: number;
  bankCapacityMb?: number;
}

export function smallArch(o: SmallArch = {}): ResolvedArchConfig {
  const cols = o.cols ?? 4;
  const rows = o.rows ?? 4;
  return deepFreeze(
    ArchConfigSchema.parse({
      mesh: { cores: [cols, rows] },
      dram: { banks: [cols * 2, rows * 2, o.dramLayers ?? 2], bank_capacity_mb: o.bankCapacityMb ?? 64 },
      geometry: {},
    }),
  );
}

export interface SmallWorkload {
  layers?: number;
  epl?: number;
  shared?: number;
  topk?: number;
  s?: number;
  shards?: number;
  shardMb?: number;
  microBatch?: number;
  /** sequence.concurrency (micro-batches in flight). */
  lanes?: number;
}

export function smallWorkload(o: SmallWorkload = {}): ResolvedWorkloadConfig {
  return deepFreeze(
    WorkloadConfigSchema.parse({
      model: 'test',
      moe: { layers: o.layers ?? 2, experts_per_layer: o.epl ?? 8, shared_experts: o.shared ?? 0 },
      routing: { topk: o.topk ?? 2, zipf_s: o.s ?? 1.2 },
      sequence: { tokens: 64, micro_batch: o.microBatch ?? 8, steps: 4, concurrency: o.lanes ?? 1 },
      operators: { fc: { flop_per_token: 1e9 }, attn: { flop_per_token: 1e8, kv_bytes_per_token: 64 } },
      tensors: { weight_shard_mb: o.shardMb ?? 64, shards_per_expert: o.shards ?? 1 },
    }),
  );
}

export type TapsParams = ResolvedTasParams['taps'];

export function tapsParams(over: Partial<{ replicate: number; capacity: number; bankBw: number; solver: TapsParams['solver']; timeLimit: number; w: [number, number, number]; wDram: number; bankPositions: TapsParams['bank_positions'] }> = {}): TapsParams {
  const w = over.w ?? [1, 0.2, 0.1];
  return deepFreeze(
    TasParamsSchema.parse({
      taps: {
        objective: { w_peak: w[0], w_var: w[1], w_smooth: w[2], ...(over.wDram === undefined ? {} : { w_dram: over.wDram }) },
        capacity: { core_flops_tps: over.capacity ?? 5e12, bank_bw_gbps: over.bankBw ?? 25 },
        replicate_hot_k: over.replicate ?? 1,
        solver: over.solver ?? 'heuristic',
        time_limit_s: over.timeLimit ?? 30,
        ...(over.bankPositions === undefined ? {} : { bank_positions: over.bankPositions }),
      },
    }),
  ).taps;
}
