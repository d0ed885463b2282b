/**
 * What a placement, replica state, overlay or trace is checked against: the
 * mesh, the banks and the experts of an arch and a workload config. Each
 * helper returns the problem with an id, or undefined when it fits.
 */
import type { FieldProblem } from '../config/cross-field.js';
import type { ResolvedArchConfig, ResolvedWorkloadConfig } from '../config/load.js';
import { decodeBankId, describeExpertNumber, expertCount, isBankId, isExpertId } from '../ids.js';

export interface CheckContext {
  readonly coreCount: number;
  readonly banks: readonly [number, number, number];
  readonly expertCount: number;
  readonly moe: { readonly layers: number; readonly experts_per_layer: number; readonly shared_experts: number };
  readonly topk: number;
  readonly shardsPerExpert: number;
  /** Weight shards one bank holds (bank capacity / shard size, at least 1). */
  readonly shardsPerBank: number;
  readonly concurrency: number;
}

export function checkContext(arch: ResolvedArchConfig, workload: ResolvedWorkloadConfig): CheckContext {
  return {
    coreCount: arch.mesh.cores[0] * arch.mesh.cores[1],
    banks: [arch.dram.banks[0], arch.dram.banks[1], arch.dram.banks[2]],
    expertCount: expertCount(workload.moe),
    moe: workload.moe,
    topk: workload.routing.topk,
    shardsPerExpert: workload.tensors.shards_per_expert,
    shardsPerBank: Math.max(1, Math.floor(arch.dram.bank_capacity_mb / workload.tensors.weight_shard_mb)),
    concurrency: workload.sequence.concurrency,
  };
}

export type Problem = FieldProblem;

/** The expert number of an id that exists in the workload, or a problem. */
export function expertOf(ctx: CheckContext, id: string, path: string): number | Problem {
  if (!isExpertId(id)) return { path, message: `expected an expert id like "E17", got ${JSON.stringify(id)}` };
  const n = Number(id.slice(1));
  if (n >= ctx.expertCount)
    return {
      path,
      message: `expert ${id} does not exist: the workload has ${ctx.expertCount} experts (E0..E${ctx.expertCount - 1})`,
    };
  return n;
}

export function coreProblem(ctx: CheckContext, core: number, path: string): Problem | undefined {
  if (Number.isInteger(core) && core >= 0 && core < ctx.coreCount) return undefined;
  return { path, message: `core ${core} is not on the mesh (cores 0..${ctx.coreCount - 1})` };
}

/** A core id written as text (overlay src/dst, replica-state map keys). */
export function coreTextProblem(ctx: CheckContext, text: string, path: string): Problem | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) return { path, message: `expected a core id, got ${JSON.stringify(text)}` };
  return coreProblem(ctx, Number(text), path);
}

export function bankProblem(ctx: CheckContext, id: string, path: string): Problem | undefined {
  if (!isBankId(id)) return { path, message: `expected a bank id like "B(12,7,3)", got ${JSON.stringify(id)}` };
  const b = decodeBankId(id);
  const [bx, by, bl] = ctx.banks;
  if (b.x < bx && b.y < by && b.layer < bl) return undefined;
  return { path, message: `bank ${id} is not in the stack (x 0..${bx - 1}, y 0..${by - 1}, layer 0..${bl - 1})` };
}

/** MoE layer of an expert number that exists. */
export function layerOfExpert(ctx: CheckContext, n: number): number {
  return describeExpertNumber(n, ctx.moe).layer;
}

const WEIGHT_RE = /^W_E(0|[1-9][0-9]*)_(0|[1-9][0-9]*)$/;
const KV_RE = /^KV_L(0|[1-9][0-9]*)_MB(0|[1-9][0-9]*)$/;

/** A tensor id of the workload: a weight shard `W_E<n>_<shard>` or a KV tensor `KV_L<layer>_MB<slot>`. */
export function tensorProblem(ctx: CheckContext, id: string, path: string): Problem | undefined {
  const w = WEIGHT_RE.exec(id);
  if (w !== null) {
    const e = Number(w[1]);
    const s = Number(w[2]);
    if (e >= ctx.expertCount)
      return {
        path,
        message: `tensor ${id}: expert E${e} does not exist (the workload has ${ctx.expertCount} experts)`,
      };
    if (s >= ctx.shardsPerExpert)
      return {
        path,
        message: `tensor ${id}: shard ${s} does not exist (tensors.shards_per_expert is ${ctx.shardsPerExpert})`,
      };
    return undefined;
  }
  const kv = KV_RE.exec(id);
  if (kv !== null) {
    if (Number(kv[1]) >= ctx.moe.layers)
      return { path, message: `tensor ${id}: layer ${kv[1]} does not exist (moe.layers is ${ctx.moe.layers})` };
    if (Number(kv[2]) >= ctx.concurrency)
      return {
        path,
        message: `tensor ${id}: micro-batch slot ${kv[2]} does not exist (sequence.concurrency is ${ctx.concurrency})`,
      };
    return undefined;
  }
  return {
    path,
    message: `expected a tensor id like "W_E17_0" (weight shard) or "KV_L3_MB0" (KV cache), got ${JSON.stringify(id)}`,
  };
}

export function isWeightTensor(id: string): boolean {
  return WEIGHT_RE.test(id);
}
