/**
 * Bank -> owning core and core -> its vault's banks on every DRAM layer, cached per
 * topology (the mesh does not change during a run).
 */
import type { Topology } from '@tasmoe/schemas';

export interface VaultIndex {
  readonly bankOwner: Int32Array;
  /** Banks of each core's vault, all layers, ascending bank index. */
  readonly vaultBanks: readonly Int32Array[];
}

const cache = new WeakMap<Topology, VaultIndex>();

export function vaultIndex(topology: Topology): VaultIndex {
  const hit = cache.get(topology);
  if (hit !== undefined) return hit;
  const bankOwner = new Int32Array(topology.bankCount);
  const lists: number[][] = Array.from({ length: topology.coreCount }, () => []);
  for (let b = 0; b < topology.bankCount; b++) {
    const owner = topology.bankOwnerCore(b);
    bankOwner[b] = owner;
    lists[owner]?.push(b);
  }
  const index: VaultIndex = { bankOwner, vaultBanks: lists.map((l) => Int32Array.from(l)) };
  cache.set(topology, index);
  return index;
}
