/** Conversions between the flat problem arrays and the placement.json record. */
import {
  decodeExpertId,
  decodeWeightTensorId,
  encodeExpertId,
  encodeWeightTensorId,
  type Placement,
  type Topology,
} from '@tasmoe/schemas';
import type { ShardList } from './banks.js';
import { TapsError } from './errors.js';

type ExpertEntry = Placement['experts'][string];
type Meta = NonNullable<Placement['meta']>;

/** expertCores[e] = the cores of expert e (one = single, several = replicate). */
export function toPlacementRecord(
  expertCores: readonly (readonly number[])[],
  topo: Topology,
  shards: ShardList,
  bank: Int32Array,
  meta?: Meta,
): Placement {
  const experts: Record<string, ExpertEntry> = {};
  expertCores.forEach((cores, e) => {
    experts[encodeExpertId(e)] = { cores: [...cores], policy: cores.length > 1 ? 'replicate' : 'single' };
  });
  const tensors: Record<string, { dram_bank: ReturnType<Topology['bankIdOf']> }> = {};
  const order = Array.from({ length: bank.length }, (_, k) => k).sort(
    (i, j) =>
      (shards.expert[i] as number) - (shards.expert[j] as number) ||
      (shards.shard[i] as number) - (shards.shard[j] as number),
  );
  for (const k of order)
    tensors[encodeWeightTensorId(shards.expert[k] as number, shards.shard[k] as number)] = {
      dram_bank: topo.bankIdOf(bank[k] as number),
    };
  return meta === undefined ? { experts, tensors } : { experts, tensors, meta };
}

/** Cores of every expert of a placement, by global expert number; throws if an expert is missing. */
export function expertCoresOf(placement: Placement, expertCount: number, coreCount: number): number[][] {
  const out: (number[] | undefined)[] = new Array(expertCount);
  for (const [id, entry] of Object.entries(placement.experts)) {
    let e: number;
    try {
      e = decodeExpertId(id);
    } catch (cause) {
      throw new TapsError('TAPS_PLACEMENT_INVALID', `placement names a bad expert id ${JSON.stringify(id)}`, { cause });
    }
    if (e >= expertCount)
      throw new TapsError('TAPS_PLACEMENT_INVALID', `placement names ${id}, the workload has ${expertCount} experts`);
    for (const c of entry.cores) {
      if (!Number.isInteger(c) || c < 0 || c >= coreCount)
        throw new TapsError('TAPS_PLACEMENT_INVALID', `${id}: core ${c} outside the ${coreCount}-core mesh`);
    }
    out[e] = [...entry.cores];
  }
  for (let e = 0; e < expertCount; e++)
    if (out[e] === undefined) throw new TapsError('TAPS_PLACEMENT_INVALID', `placement has no entry for E${e}`);
  return out as number[][];
}

/** Bank index of every shard of a placement (same order as makeShardList); throws if a tensor is missing. */
export function shardBanksOf(
  placement: Placement,
  topo: Topology,
  expertCount: number,
  shardsPerExpert: number,
): Int32Array {
  const bank = new Int32Array(expertCount * shardsPerExpert).fill(-1);
  for (const [id, t] of Object.entries(placement.tensors)) {
    const { expert, shard } = decodeWeightTensorId(id);
    if (expert >= expertCount || shard >= shardsPerExpert)
      throw new TapsError('TAPS_PLACEMENT_INVALID', `placement names ${id}, not a weight shard of this workload`);
    bank[expert * shardsPerExpert + shard] = topo.bankIndexOfId(t.dram_bank);
  }
  const missing = bank.indexOf(-1);
  if (missing >= 0) {
    throw new TapsError(
      'TAPS_PLACEMENT_INVALID',
      `placement has no bank for ${encodeWeightTensorId(Math.floor(missing / shardsPerExpert), missing % shardsPerExpert)}`,
    );
  }
  return bank;
}
