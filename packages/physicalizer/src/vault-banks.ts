import type { Topology } from '@tasmoe/schemas';
import type { WorkloadShape } from './workload-shape.js';

/** Where a core keeps data in its own vault: replica weight shards and the KV of its sequences. */
export class VaultBanks {
  private readonly topo: Topology;
  private readonly shardsPerExpert: number;
  /** Bank coordinates of each core's vault corner. */
  private readonly vaultX0: Int32Array;
  private readonly vaultY0: Int32Array;

  constructor(topo: Topology, w: WorkloadShape, coreCount: number) {
    this.topo = topo;
    this.shardsPerExpert = w.shardsPerExpert;
    this.vaultX0 = new Int32Array(coreCount);
    this.vaultY0 = new Int32Array(coreCount);
    for (let c = 0; c < coreCount; c++) {
      this.vaultX0[c] = topo.coreX(c) * topo.vaultX;
      this.vaultY0[c] = topo.coreY(c) * topo.vaultY;
    }
  }

  /** Bank of shard `shard` of a replica of `expert` on `core`: in the core's vault, die (expert + shard) mod dies. */
  replicaBank(expert: number, shard: number, core: number): number {
    const t = this.topo;
    const die = (expert + shard) % t.dramLayers;
    const iv = (expert * this.shardsPerExpert + shard) % (t.vaultX * t.vaultY);
    return this.vaultBank(core, die, iv);
  }

  /** KV bank of lane `mb`'s sequences homed on `home` at MoE layer `layer`. */
  kvBank(home: number, layer: number, mb: number): number {
    const t = this.topo;
    const die = layer % t.dramLayers;
    const iv = (mb + Math.floor(layer / t.dramLayers)) % (t.vaultX * t.vaultY);
    return this.vaultBank(home, die, iv);
  }

  private vaultBank(core: number, die: number, iv: number): number {
    const t = this.topo;
    const x = (this.vaultX0[core] ?? 0) + (iv % t.vaultX);
    const y = (this.vaultY0[core] ?? 0) + Math.floor(iv / t.vaultX);
    return die * t.banksX * t.banksY + y * t.banksX + x;
  }
}
