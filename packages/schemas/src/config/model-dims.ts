/**
 * What a workload's published model dimensions imply (`moe.model_dims`): the
 * bytes of one expert's weights, the FLOPs one token costs one expert, the
 * hidden state a token sends to each of its experts, and whether the stack
 * holds the model. Without model_dims the expert size is weight_shard_mb x
 * shards_per_expert and tokens send nothing (no dispatch / combine traffic).
 */
import type { FieldProblem } from './cross-field.js';
import type { WorkloadConfig } from './workload.js';

const MIB = 1024 * 1024;
/** Relative tolerance of the size and FLOP checks (a shard size written with a few digits). */
const REL_TOL = 1e-3;

export interface ExpertModel {
  /** Weight bytes of one expert. */
  readonly expertBytes: number;
  /** FLOPs one token costs one expert (2 x hidden x ffn x matrices: one multiply-add per weight), or undefined without dims. */
  readonly flopsPerTokenPerExpert: number | undefined;
  /** Bytes of one token's hidden state (hidden x dtype_bytes); 0 without dims. */
  readonly activationBytes: number;
}

export function expertModel(w: Pick<WorkloadConfig, 'moe' | 'tensors'>): ExpertModel {
  const d = w.moe.model_dims;
  if (d === undefined) {
    return {
      expertBytes: w.tensors.weight_shard_mb * w.tensors.shards_per_expert * MIB,
      flopsPerTokenPerExpert: undefined,
      activationBytes: 0,
    };
  }
  return {
    expertBytes: d.hidden * d.ffn * d.matrices * d.dtype_bytes,
    flopsPerTokenPerExpert: 2 * d.hidden * d.ffn * d.matrices,
    activationBytes: d.hidden * d.dtype_bytes,
  };
}

/** The shard size and FLOPs of a workload against its model dimensions (nothing to check without them). */
export function modelDimsProblems(w: WorkloadConfig): FieldProblem[] {
  const d = w.moe.model_dims;
  if (d === undefined) return [];
  const out: FieldProblem[] = [];
  const m = expertModel(w);
  const S = w.tensors.shards_per_expert;
  const shardMib = m.expertBytes / S / MIB;
  if (Math.abs(w.tensors.weight_shard_mb - shardMib) > REL_TOL * shardMib) {
    out.push({
      path: 'tensors.weight_shard_mb',
      message: `expected ${shardMib.toPrecision(6)} (moe.model_dims: ${d.hidden} x ${d.ffn} x ${d.matrices} x ${d.dtype_bytes} B = ${(m.expertBytes / MIB).toPrecision(6)} MiB per expert over ${S} shards), got ${w.tensors.weight_shard_mb}`,
    });
  }
  const k = w.routing.topk + w.moe.shared_experts;
  const fc = (m.flopsPerTokenPerExpert ?? 0) * k;
  if (Math.abs(w.operators.fc.flop_per_token - fc) > REL_TOL * fc) {
    out.push({
      path: 'operators.fc.flop_per_token',
      message: `expected ${fc.toPrecision(6)} (${k} experts x 2 x ${d.hidden} x ${d.ffn} x ${d.matrices} from moe.model_dims), got ${w.operators.fc.flop_per_token}`,
    });
  }
  return out;
}

/**
 * Every expert's weights resident in the stack: the model's weights plus the KV
 * of the sequences in flight must fit the banks' capacity. Nothing is paged in
 * from outside the stack, so a model that does not fit is refused.
 */
export function stackCapacityProblems(
  dram: { readonly banks: readonly [number, number, number]; readonly bank_capacity_mb: number },
  w: WorkloadConfig,
): FieldProblem[] {
  const [bx, by, bl] = dram.banks;
  const capacity = bx * by * bl * dram.bank_capacity_mb * MIB;
  const experts = w.moe.layers * (w.moe.experts_per_layer + w.moe.shared_experts);
  const weights = experts * expertModel(w).expertBytes;
  const seqs = w.sequence.micro_batch * w.sequence.concurrency;
  const kv = seqs * (w.sequence.tokens + w.sequence.steps) * w.operators.attn.kv_bytes_per_token * w.moe.layers;
  if (weights + kv <= capacity) return [];
  const gib = (b: number) => (b / 2 ** 30).toFixed(1);
  return [
    {
      path: 'dram.bank_capacity_mb',
      message: `the model does not fit the stack: ${gib(weights)} GiB of expert weights + ${gib(kv)} GiB of KV exceed ${bx} x ${by} x ${bl} banks x ${dram.bank_capacity_mb} MiB = ${gib(capacity)} GiB`,
    },
  ];
}
