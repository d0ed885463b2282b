/**
 * Workload config (seed section 2.2) plus the `moe` section the seed forgot
 * (SPEC section 2). `sequence.tokens` is the context length of each sequence,
 * `micro_batch` the sequences decoded together, `steps` the decode steps.
 */
import { z } from 'zod';
import { LIMITS, nonNegativeAtMost, positiveAtMost, positiveIntAtMost } from './limits.js';

export const WorkloadConfigSchema = z.strictObject({
  model: z
    .string()
    .min(1)
    .max(LIMITS.nameLength)
    .describe('model name; file names use it through safeFileStem (no separators, no "..")'),
  moe: z.strictObject({
    layers: positiveIntAtMost(LIMITS.moeLayers).describe('number of MoE layers'),
    experts_per_layer: positiveIntAtMost(LIMITS.expertsPerLayer).describe('routed experts per MoE layer'),
    shared_experts: z
      .number()
      .int()
      .nonnegative()
      .max(LIMITS.sharedExperts)
      .default(0)
      .describe('always-active shared experts per layer'),
    model_dims: z
      .strictObject({
        hidden: positiveIntAtMost(LIMITS.modelDim).describe('hidden size (d_model)'),
        ffn: positiveIntAtMost(LIMITS.modelDim).describe('intermediate size of one expert FFN'),
        matrices: positiveIntAtMost(16).describe(
          'weight matrices of one expert FFN of hidden x ffn each (3 for SwiGLU: w1, w2, w3)',
        ),
        dtype_bytes: positiveAtMost(16).describe('bytes per weight and activation element (2 = bf16)'),
      })
      .optional()
      .describe(
        'published model dimensions; when given, an expert is hidden x ffn x matrices x dtype_bytes bytes, ' +
          'weight_shard_mb x shards_per_expert and fc.flop_per_token are checked against them, and the hidden state a token sends to each expert is hidden x dtype_bytes',
      ),
  }),
  routing: z.strictObject({
    topk: positiveIntAtMost(LIMITS.expertsPerLayer).describe('routed experts chosen per token and layer'),
    seed: z
      .number()
      .int()
      .min(-(2 ** 31))
      .max(2 ** 32 - 1)
      .default(42),
    zipf_s: nonNegativeAtMost(10).default(1.2).describe('Zipf exponent of expert popularity (0 = uniform)'),
    model: z
      .enum(['zipf', 'empirical'])
      .optional()
      .describe('expert popularity: Zipf(zipf_s) (absent = zipf) or the measured counts of counts_file'),
    counts_file: z
      .string()
      .min(1)
      .max(LIMITS.stringLength)
      .optional()
      .describe(
        'CSV layer,expert,count of measured per-expert token counts (model: empirical); relative to the workload file',
      ),
    balance: z
      .union([
        z.strictObject({
          max_over_mean: z
            .number()
            .min(1)
            .max(LIMITS.expertsPerLayer)
            .describe('target max / mean expert load per layer'),
        }),
        z.strictObject({ gini: z.number().min(0).lt(1).describe('target Gini coefficient of expert load per layer') }),
      ])
      .optional()
      .describe('Zipf model: the exponent is solved so that each layer has this balance (zipf_s is then ignored)'),
    drift: z
      .strictObject({
        every_steps: positiveIntAtMost(LIMITS.decodeSteps).describe(
          'the popularity ranking changes at every multiple of this many decode steps',
        ),
        mode: z
          .enum(['rotate', 'redraw'])
          .describe('rotate: each rank moves `shift` experts on; redraw: a new seeded ranking'),
        shift: positiveIntAtMost(LIMITS.expertsPerLayer)
          .default(1)
          .describe('rotate: experts each rank moves per change'),
      })
      .optional()
      .describe('popularity that changes over the run (absent = static)'),
  }),
  sequence: z.strictObject({
    tokens: positiveIntAtMost(LIMITS.contextTokens).describe('context length of each sequence (sizes KV reads)'),
    micro_batch: positiveIntAtMost(LIMITS.microBatch).describe('sequences decoded together'),
    steps: positiveIntAtMost(LIMITS.decodeSteps).describe('decode steps; each produces one token per sequence'),
    concurrency: positiveIntAtMost(LIMITS.concurrency).default(1).describe('micro-batches in flight at once'),
  }),
  operators: z.strictObject({
    fc: z.strictObject({
      flop_per_token: positiveAtMost(1e16).describe(
        'expert FFN FLOPs per token and MoE layer, split over its chosen experts',
      ),
    }),
    attn: z.strictObject({
      flop_per_token: positiveAtMost(1e16).describe('attention FLOPs per token and layer'),
      kv_bytes_per_token: positiveAtMost(1e12).describe('KV-cache bytes per context token and layer'),
    }),
  }),
  tensors: z
    .strictObject({
      weight_shard_mb: positiveAtMost(1024 * 1024)
        .default(64)
        .describe('size of one weight shard, MiB'),
      shards_per_expert: positiveIntAtMost(1024).default(1).describe('weight shards of one expert'),
    })
    .default({ weight_shard_mb: 64, shards_per_expert: 1 }),
});

export type WorkloadConfigInput = z.input<typeof WorkloadConfigSchema>;
export type WorkloadConfig = z.output<typeof WorkloadConfigSchema>;
