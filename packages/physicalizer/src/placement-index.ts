/**
 * Placement (placement.json) as flat arrays: the host cores of every expert
 * (CSR) and the bank of every weight shard. Every expert the workload can route
 * to, and every one of its shards, must be placed; anything else is refused here,
 * at construction, rather than discovered mid-run.
 */
import { decodeWeightTensorId, isExpertId, isWeightTensorId, type Placement } from '@tasmoe/schemas';
import { PhysicalizerError } from './errors.js';
import type { MachineModel } from './machine-model.js';
import type { WorkloadShape } from './workload-shape.js';

export interface PlacementIndex {
  /** Host cores of expert e: hostCores[hostStart[e] .. hostStart[e + 1]), ascending. */
  readonly hostStart: Int32Array;
  readonly hostCores: Int32Array;
  /** Bank of shard id = expert * shardsPerExpert + shard, as placed. */
  readonly shardBank: Int32Array;
}

export function indexPlacement(placement: Placement, m: MachineModel, w: WorkloadShape): PlacementIndex {
  const hostLists: (readonly number[] | undefined)[] = new Array<readonly number[] | undefined>(w.expertCount);
  for (const [id, p] of Object.entries(placement.experts)) {
    if (!isExpertId(id))
      throw new PhysicalizerError('PLACEMENT_INVALID', `placement.experts: bad expert id ${JSON.stringify(id)}`);
    const e = Number(id.slice(1));
    if (e >= w.expertCount) continue; // an expert this workload never routes to
    for (const c of p.cores) {
      if (!Number.isInteger(c) || c < 0 || c >= m.coreCount) {
        throw new PhysicalizerError(
          'PLACEMENT_INVALID',
          `placement.experts.${id}: core ${c} outside 0..${m.coreCount - 1}`,
        );
      }
    }
    hostLists[e] = [...new Set(p.cores)].sort((a, b) => a - b);
  }
  const missing: number[] = [];
  const hostStart = new Int32Array(w.expertCount + 1);
  let total = 0;
  for (let e = 0; e < w.expertCount; e++) {
    hostStart[e] = total;
    const l = hostLists[e];
    if (l === undefined || l.length === 0) missing.push(e);
    else total += l.length;
  }
  hostStart[w.expertCount] = total;
  if (missing.length > 0) {
    throw new PhysicalizerError(
      'PLACEMENT_INCOMPLETE',
      `placement has no core for ${missing.length} expert(s) of the workload: ${missing
        .slice(0, 8)
        .map((e) => `E${e}`)
        .join(', ')}${missing.length > 8 ? ', ...' : ''}`,
    );
  }
  const hostCores = new Int32Array(total);
  for (let e = 0; e < w.expertCount; e++) hostCores.set(hostLists[e] ?? [], hostStart[e] ?? 0);

  const shardCount = w.expertCount * w.shardsPerExpert;
  const shardBank = new Int32Array(shardCount).fill(-1);
  for (const [id, t] of Object.entries(placement.tensors)) {
    if (!isWeightTensorId(id)) continue; // other tensors (KV, activations) are not weights
    const { expert, shard } = decodeWeightTensorId(id);
    if (expert >= w.expertCount || shard >= w.shardsPerExpert) continue;
    let bank: number;
    try {
      bank = m.topo.bankIndexOfId(t.dram_bank);
    } catch (cause) {
      throw new PhysicalizerError(
        'PLACEMENT_INVALID',
        `placement.tensors.${id}: bank ${t.dram_bank} is not in the stack`,
        { cause },
      );
    }
    shardBank[expert * w.shardsPerExpert + shard] = bank;
  }
  const unplaced: string[] = [];
  for (let s = 0; s < shardCount; s++) {
    if (shardBank[s] === -1) unplaced.push(`W_E${Math.floor(s / w.shardsPerExpert)}_${s % w.shardsPerExpert}`);
  }
  if (unplaced.length > 0) {
    throw new PhysicalizerError(
      'PLACEMENT_INCOMPLETE',
      `placement has no bank for ${unplaced.length} weight shard(s): ${unplaced.slice(0, 8).join(', ')}${unplaced.length > 8 ? ', ...' : ''}`,
    );
  }
  return { hostStart, hostCores, shardBank };
}
