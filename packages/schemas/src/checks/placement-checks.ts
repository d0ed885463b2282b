/**
 * placement.json and replica_state.json against the configs: every expert of
 * the workload placed on cores of the mesh, no expert that does not exist,
 * every weight shard in a bank of the stack, at most as many shards per bank
 * as a bank holds (bank_capacity_mb / weight_shard_mb; one with the defaults).
 */
import type { Placement } from '../records/placement.js';
import type { ReplicaStateJson } from '../records/replica-state.js';
import {
  bankProblem,
  coreProblem,
  coreTextProblem,
  expertOf,
  isWeightTensor,
  tensorProblem,
  type CheckContext,
  type Problem,
} from './check-context.js';

export function placementProblems(p: Placement, ctx: CheckContext): Problem[] {
  const out: Problem[] = [];
  const placed = new Set<number>();
  for (const [id, e] of Object.entries(p.experts)) {
    const n = expertOf(ctx, id, `experts.${id}`);
    if (typeof n !== 'number') out.push(n);
    else placed.add(n);
    e.cores.forEach((c, i) => {
      const bad = coreProblem(ctx, c, `experts.${id}.cores.${i}`);
      if (bad !== undefined) out.push(bad);
    });
  }
  const missing: string[] = [];
  for (let n = 0; n < ctx.expertCount; n++) if (!placed.has(n)) missing.push(`E${n}`);
  if (missing.length > 0)
    out.push({
      path: 'experts',
      message: `${missing.length} expert(s) of the workload have no core: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', ...' : ''}`,
    });

  const perBank = new Map<string, string[]>();
  for (const [id, t] of Object.entries(p.tensors)) {
    const bad = tensorProblem(ctx, id, `tensors.${id}`) ?? bankProblem(ctx, t.dram_bank, `tensors.${id}.dram_bank`);
    if (bad !== undefined) {
      out.push(bad);
      continue;
    }
    if (!isWeightTensor(id)) continue;
    const list = perBank.get(t.dram_bank) ?? [];
    list.push(id);
    perBank.set(t.dram_bank, list);
  }
  for (const [bank, ids] of perBank) {
    if (ids.length > ctx.shardsPerBank) {
      out.push({
        path: `tensors.${ids[ctx.shardsPerBank] ?? ''}.dram_bank`,
        message: `bank ${bank} holds ${ids.length} weight shards (${ids.slice(0, 4).join(', ')}${ids.length > 4 ? ', ...' : ''}); it holds ${ctx.shardsPerBank} (dram.bank_capacity_mb / tensors.weight_shard_mb)`,
      });
    }
  }
  const unplaced: string[] = [];
  for (let n = 0; n < ctx.expertCount && unplaced.length <= 8; n++) {
    for (let s = 0; s < ctx.shardsPerExpert; s++)
      if (p.tensors[`W_E${n}_${s}`] === undefined) unplaced.push(`W_E${n}_${s}`);
  }
  if (unplaced.length > 0)
    out.push({
      path: 'tensors',
      message: `weight shards without a bank: ${unplaced.slice(0, 8).join(', ')}${unplaced.length > 8 ? ', ...' : ''}`,
    });
  return out;
}

export function replicaStateProblems(r: ReplicaStateJson, ctx: CheckContext): Problem[] {
  const out: Problem[] = [];
  for (const [id, entry] of Object.entries(r)) {
    const n = expertOf(ctx, id, id);
    if (typeof n !== 'number') out.push(n);
    entry.cores.forEach((c, i) => {
      const bad = coreProblem(ctx, c, `${id}.cores.${i}`);
      if (bad !== undefined) out.push(bad);
    });
    if (new Set(entry.cores).size !== entry.cores.length)
      out.push({ path: `${id}.cores`, message: 'expected distinct cores' });
    for (const key of ['created_ns_by_core', 'retired_ns_by_core', 'ready_ns_by_core'] as const) {
      for (const core of Object.keys(entry[key] ?? {})) {
        const bad = coreTextProblem(ctx, core, `${id}.${key}.${core}`);
        if (bad !== undefined) out.push(bad);
      }
    }
  }
  return out;
}
