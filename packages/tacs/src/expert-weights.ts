/**
 * Where each expert's weight shards live and how large they are: what TACS needs to
 * price a replica copy, a shard migration and remote weight reads.
 *
 * Built from the placement's `tensors` (W_E<n>_<shard> -> bank) once per run; after
 * the physicalizer accepted "weight" migrations the runner derives the next table
 * with `withWeightMigrations`. Replica copies are assumed to live in the vault of
 * the replica's core (0 hops), see the README.
 */
import { decodeWeightTensorId, type OverlayMigrate, type Placement, type Topology } from '@tasmoe/schemas';
import { TacsError } from './errors.js';

export interface ExpertWeights {
  readonly expertCount: number;
  /** Shards of expert e are slots [shardOffset[e], shardOffset[e + 1]). */
  readonly shardOffset: Int32Array;
  /** Shard number of each slot (the <shard> of W_E<n>_<shard>). */
  readonly shardIndex: Int32Array;
  /** Bank index (topology order) of each slot. */
  readonly shardBank: Int32Array;
  readonly shardBytes: Float64Array;
  /** t_apply_ns of each slot's last move (-Infinity: never moved): a shard stays min_residency_ms. */
  readonly shardMovedNs: Float64Array;
}

/**
 * @param shardBytes bytes of one weight shard (workload tensors.weight_shard_mb x 2^20)
 */
export function buildExpertWeights(placement: Placement, topology: Topology, shardBytes: number): ExpertWeights {
  if (!(shardBytes >= 0)) throw new TacsError('TACS_INPUT_VALUE', `shard size must be >= 0 bytes, got ${shardBytes}`);
  const rows: { expert: number; shard: number; bank: number }[] = [];
  for (const [id, t] of Object.entries(placement.tensors)) {
    let parsed: { expert: number; shard: number };
    try {
      parsed = decodeWeightTensorId(id);
    } catch {
      continue; // non-weight tensors (e.g. KV caches) are not TACS's business
    }
    rows.push({ ...parsed, bank: topology.bankIndexOfId(t.dram_bank) });
  }
  rows.sort((a, b) => a.expert - b.expert || a.shard - b.shard);
  let expertCount = 0;
  for (const r of rows) expertCount = Math.max(expertCount, r.expert + 1);
  const shardOffset = new Int32Array(expertCount + 1);
  for (const r of rows) shardOffset[r.expert + 1] = (shardOffset[r.expert + 1] ?? 0) + 1;
  for (let e = 0; e < expertCount; e++) shardOffset[e + 1] = (shardOffset[e + 1] ?? 0) + (shardOffset[e] ?? 0);
  return {
    expertCount,
    shardOffset,
    shardIndex: Int32Array.from(rows, (r) => r.shard),
    shardBank: Int32Array.from(rows, (r) => r.bank),
    shardBytes: Float64Array.from(rows, () => shardBytes),
    shardMovedNs: new Float64Array(rows.length).fill(Number.NEGATIVE_INFINITY),
  };
}

/** The table after the given "weight" migrations (other rows are ignored); the input is not changed. */
export function withWeightMigrations(
  weights: ExpertWeights,
  rows: readonly OverlayMigrate[],
  topology: Topology,
): ExpertWeights {
  const shardBank = weights.shardBank.slice();
  const shardMovedNs = weights.shardMovedNs.slice();
  for (const row of rows) {
    if (row.obj_type !== 'weight') continue;
    const { expert, shard } = decodeWeightTensorId(row.obj_id);
    const end = weights.shardOffset[expert + 1] ?? 0;
    for (let i = weights.shardOffset[expert] ?? 0; i < end; i++) {
      if (weights.shardIndex[i] !== shard) continue;
      shardBank[i] = topology.bankIndexOfId(row.dst);
      shardMovedNs[i] = row.t_apply_ns;
    }
  }
  return { ...weights, shardBank, shardMovedNs };
}

export function expertWeightBytes(weights: ExpertWeights, expert: number): number {
  if (expert < 0 || expert >= weights.expertCount) return 0;
  let sum = 0;
  const end = weights.shardOffset[expert + 1] ?? 0;
  for (let i = weights.shardOffset[expert] ?? 0; i < end; i++) sum += weights.shardBytes[i] ?? 0;
  return sum;
}

/**
 * Byte-hops of reading all of an expert's shards once from `core`: 0 when the core
 * holds a replica (its copy sits in its own vault), else bytes x XY hops from the
 * core to the vault owning each shard's bank.
 */
export function weightReadByteHops(
  weights: ExpertWeights,
  topology: Topology,
  expert: number,
  core: number,
  isReplica: boolean,
): number {
  if (isReplica || expert < 0 || expert >= weights.expertCount) return 0;
  let sum = 0;
  const end = weights.shardOffset[expert + 1] ?? 0;
  for (let i = weights.shardOffset[expert] ?? 0; i < end; i++) {
    sum += (weights.shardBytes[i] ?? 0) * topology.hops(core, topology.bankOwnerCore(weights.shardBank[i] ?? 0));
  }
  return sum;
}
