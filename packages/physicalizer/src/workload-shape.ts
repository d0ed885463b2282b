/** The workload numbers the physicalizer needs (expert numbering, shards, micro-batches, steps). */
import { expertModel, type ResolvedWorkloadConfig } from '@tasmoe/schemas';

const MIB = 1024 * 1024;

export interface WorkloadShape {
  readonly layers: number;
  readonly expertsPerLayer: number;
  readonly sharedExperts: number;
  /** Routed experts of every layer, then shared experts of every layer (n >= layers * experts_per_layer). */
  readonly expertCount: number;
  readonly shardsPerExpert: number;
  readonly shardBytes: number;
  readonly microBatch: number;
  /**
   * Micro-batches in flight (`concurrency`), the lanes of the decode loop. The
   * trace numbers the micro-batch of lane j in step s as id s * concurrency + j.
   */
  readonly microBatches: number;
  readonly steps: number;
  /** topk + shared_experts. */
  readonly k: number;
  /** Bytes of one token's hidden state, sent to each of its experts and returned (0 without moe.model_dims). */
  readonly activationBytes: number;
}

export function workloadShape(w: ResolvedWorkloadConfig): WorkloadShape {
  const { layers, experts_per_layer: expertsPerLayer, shared_experts: sharedExperts } = w.moe;
  return {
    layers,
    expertsPerLayer,
    sharedExperts,
    expertCount: layers * (expertsPerLayer + sharedExperts),
    shardsPerExpert: w.tensors.shards_per_expert,
    shardBytes: Math.round(w.tensors.weight_shard_mb * MIB),
    microBatch: w.sequence.micro_batch,
    microBatches: w.sequence.concurrency,
    steps: w.sequence.steps,
    k: w.routing.topk + sharedExperts,
    activationBytes: expertModel(w).activationBytes,
  };
}
