/**
 * Workload config (seed section 2.2) plus the `moe` section the seed forgot
 * (SPEC section 2). `sequence.tokens` is the context length of each sequence,
 * `micro_batch` the sequences decoded together, `steps` the decode steps.
 */
import { z } from 'zod';
import { nonNegative, nonNegativeInt, positive, positiveInt } from './common.js';

export const WorkloadConfigSchema = z.strictObject({
  model: z.string().min(1),
  moe: z.strictObject({
    layers: positiveInt().describe('number of MoE layers'),
    experts_per_layer: positiveInt().describe('routed experts per MoE layer'),
    shared_experts: nonNegativeInt().default(0).describe('always-active shared experts per layer'),
  }),
  routing: z.strictObject({
    topk: positiveInt().describe('routed experts chosen per token and layer'),
    seed: z.number().int().default(42),
    zipf_s: nonNegative().default(1.2).describe('Zipf exponent of expert popularity (0 = uniform)'),
  }),
  sequence: z.strictObject({
    tokens: positiveInt().describe('context length of each sequence (sizes KV reads)'),
    micro_batch: positiveInt().describe('sequences decoded together'),
    steps: positiveInt().describe('decode steps; each produces one token per sequence'),
    concurrency: positiveInt().default(1).describe('micro-batches in flight at once'),
  }),
  operators: z.strictObject({
    fc: z.strictObject({
      flop_per_token: positive().describe('expert FFN FLOPs per token and MoE layer, split over its chosen experts'),
    }),
    attn: z.strictObject({
      flop_per_token: positive().describe('attention FLOPs per token and layer'),
      kv_bytes_per_token: positive().describe('KV-cache bytes per context token and layer'),
    }),
  }),
  tensors: z
    .strictObject({
      weight_shard_mb: positive().default(64).describe('size of one weight shard, MiB'),
      shards_per_expert: positiveInt().default(1).describe('weight shards of one expert'),
    })
    .default({ weight_shard_mb: 64, shards_per_expert: 1 }),
});

export type WorkloadConfigInput = z.input<typeof WorkloadConfigSchema>;
export type WorkloadConfig = z.output<typeof WorkloadConfigSchema>;
