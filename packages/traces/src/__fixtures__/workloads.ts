/** Small workloads for tests, resolved through the real config validation. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfigText, resolveConfig, type ResolvedWorkloadConfig, type WorkloadConfigInput } from '@tasmoe/schemas';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');

export function shippedWorkload(file: string): ResolvedWorkloadConfig {
  const p = path.join(REPO_ROOT, 'configs', file);
  return parseConfigText('workload', readFileSync(p, 'utf8'), p);
}

export interface WorkloadShapeInput {
  layers?: number;
  experts?: number;
  shared?: number;
  topk?: number;
  zipf?: number;
  seed?: number;
  tokens?: number;
  microBatch?: number;
  steps?: number;
  concurrency?: number;
  shards?: number;
  shardMb?: number;
  fc?: number;
  attn?: number;
  kv?: number;
}

export function workloadInput(s: WorkloadShapeInput = {}): WorkloadConfigInput {
  return {
    model: 'test-moe',
    moe: { layers: s.layers ?? 3, experts_per_layer: s.experts ?? 8, shared_experts: s.shared ?? 0 },
    routing: { topk: s.topk ?? 2, seed: s.seed ?? 7, zipf_s: s.zipf ?? 1.2 },
    sequence: { tokens: s.tokens ?? 64, micro_batch: s.microBatch ?? 4, steps: s.steps ?? 5, concurrency: s.concurrency ?? 1 },
    operators: { fc: { flop_per_token: s.fc ?? 3e9 }, attn: { flop_per_token: s.attn ?? 1e9, kv_bytes_per_token: s.kv ?? 512 } },
    tensors: { weight_shard_mb: s.shardMb ?? 1, shards_per_expert: s.shards ?? 1 },
  };
}

export function workload(s: WorkloadShapeInput = {}): ResolvedWorkloadConfig {
  return resolveConfig('workload', workloadInput(s));
}
