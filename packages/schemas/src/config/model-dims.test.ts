import { describe, expect, it } from 'vitest';
import { resolveConfig } from './load.js';
import type { WorkloadConfigInput } from './workload.js';
import { expertModel, modelDimsProblems, stackCapacityProblems } from './model-dims.js';

const MIB = 2 ** 20;
// Mixtral-8x7B (config.json of mistralai/Mixtral-8x7B-v0.1): hidden 4096, intermediate 14336, SwiGLU (3 matrices), bf16
const mixtral: WorkloadConfigInput = {
  model: 'm',
  moe: { layers: 32, experts_per_layer: 8, model_dims: { hidden: 4096, ffn: 14336, matrices: 3, dtype_bytes: 2 } },
  routing: { topk: 2 },
  sequence: { tokens: 2048, micro_batch: 32, steps: 10, concurrency: 4 },
  operators: { fc: { flop_per_token: 7.04643072e8 }, attn: { flop_per_token: 1e9, kv_bytes_per_token: 4096 } },
  tensors: { weight_shard_mb: 56, shards_per_expert: 6 },
};

describe('model dimensions', () => {
  it('Mixtral-8x7B: 336 MiB and 352 MFLOP per expert and token, 8 KiB of hidden state per token', () => {
    const w = resolveConfig('workload', mixtral);
    const m = expertModel(w);
    expect(m.expertBytes).toBe(336 * MIB);
    expect(m.flopsPerTokenPerExpert).toBe(352_321_536);
    expect(m.activationBytes).toBe(8192);
    expect(modelDimsProblems(w)).toEqual([]);
  });

  it('a shard size or FC FLOP count that contradicts the dimensions is refused with one line naming the field', () => {
    expect(() =>
      resolveConfig('workload', { ...mixtral, tensors: { weight_shard_mb: 64, shards_per_expert: 6 } }),
    ).toThrow(/tensors\.weight_shard_mb.*expected 56/);
    expect(() =>
      resolveConfig('workload', { ...mixtral, operators: { ...mixtral.operators, fc: { flop_per_token: 2.5e9 } } }),
    ).toThrow(/operators\.fc\.flop_per_token.*expected 7\.04643e\+8/);
  });

  it('without dimensions the expert is its shards and tokens carry nothing', () => {
    const { model_dims: _, ...moe } = mixtral.moe;
    const w = resolveConfig('workload', {
      ...mixtral,
      moe,
      operators: { ...mixtral.operators, fc: { flop_per_token: 2.5e9 } },
      tensors: { weight_shard_mb: 64, shards_per_expert: 1 },
    });
    expect(expertModel(w)).toEqual({ expertBytes: 64 * MIB, flopsPerTokenPerExpert: undefined, activationBytes: 0 });
  });

  it('the stack holds Mixtral (84 GiB of experts + 32 GiB of KV of 128 sequences of 2k context in 512 GiB of banks) and refuses a model that does not fit', () => {
    const w = resolveConfig('workload', mixtral);
    expect(stackCapacityProblems({ banks: [32, 32, 8], bank_capacity_mb: 64 }, w)).toEqual([]);
    const small = stackCapacityProblems({ banks: [32, 32, 1], bank_capacity_mb: 64 }, w);
    expect(small).toHaveLength(1);
    expect(small[0]?.message).toMatch(
      /does not fit the stack: 84\.0 GiB of expert weights \+ 32\.2 GiB of KV exceed 32 x 32 x 1 banks x 64 MiB = 64\.0 GiB/,
    );
  });
});
