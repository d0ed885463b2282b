import { ACTION_REPLICA, ACTION_RETIRE, ACTION_WEIGHT, type MigrationAction } from './overlay-plan.js';
import type { PlacementIndex } from './placement-index.js';
import type { ReplicaState } from './replica-state.js';
import type { Transfers } from './transfers.js';
import type { VaultBanks } from './vault-banks.js';
import type { WindowContext } from './window-context.js';
import type { WorkloadShape } from './workload-shape.js';

/**
 * Where weight shards are, and the overlays' migration actions that move them
 * or copy an expert to a replica. A weight migration keeps its shard at the old
 * bank until the copy lands, then switches it to the target; the switch is made
 * permanent once the commit frontier passes it.
 */
export class Migrations {
  /** Actions run this window, by kind. */
  appliedWeights = 0;
  appliedReplicas = 0;
  appliedRetires = 0;

  /** Actions run this window. */
  get applied(): number {
    return this.appliedWeights + this.appliedReplicas + this.appliedRetires;
  }

  /** A new window's counts. */
  resetCounts(): void {
    this.appliedWeights = 0;
    this.appliedReplicas = 0;
    this.appliedRetires = 0;
  }

  // Weight shards: current bank, and a migration target taking over at shardSwitch.
  private readonly shardBank: Int32Array;
  private readonly shardNext: Int32Array;
  private readonly shardSwitch: Float64Array;
  private migratingShards: number[] = [];

  private readonly w: WorkloadShape;
  private readonly ctx: WindowContext;
  private readonly transfers: Transfers;
  private readonly replicas: ReplicaState;
  private readonly banks: VaultBanks;

  constructor(
    w: WorkloadShape,
    p: PlacementIndex,
    ctx: WindowContext,
    transfers: Transfers,
    replicas: ReplicaState,
    banks: VaultBanks,
  ) {
    this.w = w;
    this.ctx = ctx;
    this.transfers = transfers;
    this.replicas = replicas;
    this.banks = banks;
    this.shardBank = Int32Array.from(p.shardBank);
    this.shardNext = new Int32Array(p.shardBank.length).fill(-1);
    this.shardSwitch = new Float64Array(p.shardBank.length).fill(Infinity);
  }

  /** Bank of a shard at time t, or -1 while a migration of it is in flight at t. */
  shardBankAt(shardId: number, t: number): number {
    const sw = this.shardSwitch[shardId] ?? Infinity;
    if ((this.shardNext[shardId] ?? -1) === -1) return this.shardBank[shardId] ?? -1;
    return t >= sw ? (this.shardNext[shardId] ?? -1) : -1;
  }

  /** Placement shard bank with migrations completed by t applied. */
  shardAt(shardId: number, t: number): number {
    if (this.migratingShards.length === 0) return this.shardBank[shardId] ?? 0;
    return t >= (this.shardSwitch[shardId] ?? Infinity)
      ? (this.shardNext[shardId] ?? 0)
      : (this.shardBank[shardId] ?? 0);
  }

  run(a: MigrationAction): void {
    if (this.ctx.dry) return;
    const S = this.w.shardsPerExpert;
    const bytes = this.w.shardBytes;
    switch (a.kind) {
      case ACTION_WEIGHT: {
        this.appliedWeights++;
        const end = this.transfers.copyTransfer(a.srcBank, a.dstBank, bytes, a.tApplyNs);
        this.shardNext[a.shardId] = a.dstBank;
        this.shardSwitch[a.shardId] = end;
        this.migratingShards.push(a.shardId);
        this.replicas.noteTransfer(a.tApplyNs, end, a.expert, a.shardId - a.expert * S);
        return;
      }
      case ACTION_REPLICA: {
        this.appliedReplicas++;
        // Source copy as tasks on srcCore see it: its replica banks, else the (migrated) placement banks.
        const fromReplica = this.replicas.isUsable(a.expert, a.srcCore, a.tApplyNs);
        let ready = a.tApplyNs;
        for (let sh = 0; sh < S; sh++) {
          const src = fromReplica
            ? this.banks.replicaBank(a.expert, sh, a.srcCore)
            : this.shardAt(a.expert * S + sh, a.tApplyNs);
          const dst = this.banks.replicaBank(a.expert, sh, a.dstCore);
          const end = src === dst ? a.tApplyNs : this.transfers.copyTransfer(src, dst, bytes, a.tApplyNs);
          if (end > ready) ready = end;
        }
        this.replicas.setReady(a.expert, a.dstCore, ready);
        return;
      }
      case ACTION_RETIRE:
        this.appliedRetires++;
        return; // recorded in the replica state with its time when the overlays were accepted
    }
  }

  /** Weight migrations not settled yet. */
  get inFlight(): number {
    return this.migratingShards.length;
  }

  /** Make permanent the switches the frontier has passed. */
  settle(frontierNs: number): void {
    if (this.migratingShards.length === 0) return;
    const still: number[] = [];
    for (const sh of this.migratingShards) {
      if ((this.shardSwitch[sh] ?? Infinity) <= frontierNs) {
        this.shardBank[sh] = this.shardNext[sh] ?? 0;
        this.shardNext[sh] = -1;
        this.shardSwitch[sh] = Infinity;
      } else still.push(sh);
    }
    this.migratingShards = still;
  }
}
