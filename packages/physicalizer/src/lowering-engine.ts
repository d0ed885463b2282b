/**
 * The timing model (README "Timing model"): closed-loop decode, per micro-batch
 * a chain of groups (layer l attention, layer l experts, layer l+1 attention,
 * ...); every task of a group is ready when the previous group has finished;
 * cores, banks and NoC links are FIFO resources served in issue order.
 *
 * Groups are started in ready-time order across micro-batches; each task is
 * issued (core chosen, start fixed, resources reserved) unless it would start
 * at or after the window's end, in which case it waits, unissued, for the next
 * window (and that window's overlays). Issued tasks are committed.
 *
 * Hot loop: typed arrays only, buffers grown geometrically, no per-task objects.
 * A dry run (pendingWindow) runs the same code on the live state with an undo
 * journal for bank/link reservations and a snapshot of the small arrays.
 */
import type { HardwareState, LogicalSource, MemoryEventColumns } from '@tasmoe/schemas';
import type { ComputeEventBuffer } from './event-columns.js';
import { GroupBuilder } from './group-builder.js';
import type { MachineModel } from './machine-model.js';
import { MicroBatches } from './micro-batch-state.js';
import { Migrations } from './migrations.js';
import { EMPTY_PLAN, type OverlayPlan } from './overlay-plan.js';
import type { PlacementIndex } from './placement-index.js';
import type { ReplicaState } from './replica-state.js';
import { ResourceTimelines } from './resource-timelines.js';
import { TaskIssuer, type PendingTasks } from './task-issue.js';
import { TaskPool } from './task-pool.js';
import { Transfers } from './transfers.js';
import { VaultBanks } from './vault-banks.js';
import { WindowAggregates } from './window-aggregates.js';
import { WindowContext } from './window-context.js';
import type { WorkloadShape } from './workload-shape.js';

export class LoweringEngine {
  // Outputs of the window being lowered.
  readonly compute: ComputeEventBuffer;
  readonly memory: MemoryEventColumns;
  readonly agg: WindowAggregates;

  private readonly windowNs: number;
  private readonly p: PlacementIndex;
  private readonly replicas: ReplicaState;
  private readonly ctx: WindowContext;
  private readonly tl: ResourceTimelines;
  private readonly pool: TaskPool;
  private readonly mbs: MicroBatches;
  private readonly groups: GroupBuilder;
  private readonly transfers: Transfers;
  private readonly migrations: Migrations;
  private readonly issuer: TaskIssuer;

  constructor(
    m: MachineModel,
    w: WorkloadShape,
    p: PlacementIndex,
    source: LogicalSource,
    replicas: ReplicaState,
    hw: HardwareState,
  ) {
    this.windowNs = m.windowNs;
    this.p = p;
    this.replicas = replicas;
    const ctx = new WindowContext(hw);
    const agg = new WindowAggregates(m.coreCount, m.bankCount, m.linkCount, m.windowNs);
    const tl = new ResourceTimelines(ctx, m.coreCount, m.bankCount, m.linkCount);
    const pool = new TaskPool();
    const mbs = new MicroBatches(w, ctx, agg);
    const banks = new VaultBanks(m.topo, w, m.coreCount);
    const transfers = new Transfers(m, tl, ctx, agg);
    const migrations = new Migrations(w, p, ctx, transfers, replicas, banks);
    this.ctx = ctx;
    this.agg = agg;
    this.tl = tl;
    this.pool = pool;
    this.mbs = mbs;
    this.groups = new GroupBuilder(w, source, pool, mbs, banks, m.coreCount);
    this.transfers = transfers;
    this.migrations = migrations;
    this.issuer = new TaskIssuer(m, w, p, { ctx, pool, mbs, tl, transfers, migrations, banks, replicas, agg });
    this.compute = this.issuer.compute;
    this.memory = transfers.memory;
  }

  // ---------------------------------------------------------------- queries

  get allStepsIssued(): boolean {
    return this.mbs.allStepsIssued;
  }

  /** End of the latest work issued so far (tasks and transfers). */
  get lastEndNs(): number {
    return this.tl.lastEndNs;
  }

  /** The tasks the last lowering (dry or real) started, in issue order. */
  get startedTasks(): PendingTasks {
    return this.issuer.pending;
  }

  /** Weight migrations copying now or not yet settled (none: lowering does not depend on the frontier's settling). */
  get migrationsInFlight(): number {
    return this.migrations.inFlight;
  }

  get migrationsApplied(): number {
    return this.migrations.applied;
  }

  /** This window's applied migrations by kind. */
  get weightMovesApplied(): number {
    return this.migrations.appliedWeights;
  }

  get replicasCreated(): number {
    return this.migrations.appliedReplicas;
  }

  get replicasRetired(): number {
    return this.migrations.appliedRetires;
  }

  get migrationBytes(): number {
    return this.transfers.migrationBytes;
  }

  /** Every task of micro-batch `mbId` (lane mbId mod concurrency, its step mbId div concurrency) has been issued. */
  mbFullyIssued(mbId: number): boolean {
    return this.mbs.fullyIssued(mbId);
  }

  isPlacementHost(expert: number, core: number): boolean {
    for (let h = this.p.hostStart[expert] ?? 0; h < (this.p.hostStart[expert + 1] ?? 0); h++)
      if (this.p.hostCores[h] === core) return true;
    return false;
  }

  /** Bank of a shard at time t, or -1 while a migration of it is in flight at t. */
  shardBankAt(shardId: number, t: number): number {
    return this.migrations.shardBankAt(shardId, t);
  }

  // ---------------------------------------------------------------- windows

  /** Lower window w with its overlays, for real. */
  lowerWindow(winIdx: number, hw: HardwareState, plan: OverlayPlan): void {
    this.lower(winIdx, hw, plan, false);
  }

  /** Snapshot, dry-run window w with no overlays into `pending`, restore. */
  dryRun(winIdx: number, hw: HardwareState): PendingTasks {
    const ctx = this.ctx;
    this.tl.save();
    this.mbs.save();
    this.pool.save();
    const prevHw = ctx.hw;
    try {
      this.lower(winIdx, hw, EMPTY_PLAN, true);
    } finally {
      this.tl.restore();
      this.mbs.restore();
      this.pool.restore();
      ctx.hw = prevHw;
      ctx.dry = false;
    }
    return this.issuer.pending;
  }

  /**
   * Lower window w. `dry`: issue nothing for real (no events, no aggregates, no
   * state change once dryRun restores); fill `pending` instead.
   */
  private lower(winIdx: number, hw: HardwareState, plan: OverlayPlan, dry: boolean): void {
    const ctx = this.ctx;
    const W = this.windowNs;
    ctx.tS = winIdx * W;
    ctx.tE = ctx.tS + W;
    ctx.hw = hw;
    ctx.plan = plan;
    ctx.dry = dry;
    ctx.anyReplicas = this.replicas.expertsWithRecords > 0;
    this.issuer.pending.count = 0;
    if (!dry) {
      this.agg.beginWindow();
      this.issuer.beginWindow();
      this.transfers.beginWindow();
      this.migrations.resetCounts();
      this.migrations.settle(ctx.tS);
    }

    const pool = this.pool;
    const mbs = this.mbs;
    // 1. Tasks that waited past the last window go first (they were ready earlier).
    const waiting = pool.count;
    for (let i = 0; i < waiting && pool.waiting > 0; i++) {
      if (pool.issued[i] === 0 && this.issuer.tryIssue(i)) {
        const mb = pool.mb[i] ?? 0;
        if (mbs.outstanding[mb] === 0) mbs.completeGroup(mb);
      }
    }
    // 2. Groups in ready-time order, interleaved with the window's migrations.
    const actions = plan.actions;
    let ai = 0;
    const ready = mbs.ready;
    const M = ready.length;
    for (;;) {
      let best = -1;
      let bestT = Infinity;
      for (let mb = 0; mb < M; mb++) {
        const r = ready[mb] ?? Infinity;
        if (r < bestT) {
          bestT = r;
          best = mb;
        }
      }
      const act = actions[ai];
      if (act !== undefined && act.tApplyNs <= bestT) {
        this.migrations.run(act);
        ai++;
        continue;
      }
      if (best === -1 || bestT >= ctx.tE) break;
      this.startGroup(best);
    }
    if (!dry) {
      if (pool.waiting === 0) pool.clear();
      else pool.compact();
      this.groups.evictChunks();
    }
  }

  private startGroup(mb: number): void {
    const pool = this.pool;
    const mbs = this.mbs;
    const first = pool.count;
    this.groups.build(mb);
    const last = pool.count;
    mbs.outstanding[mb] = last - first;
    pool.waiting += last - first;
    for (let i = first; i < last; i++) this.issuer.tryIssue(i);
    if (mbs.outstanding[mb] === 0) mbs.completeGroup(mb);
    if (!this.ctx.dry && pool.waiting === 0) pool.clear();
  }
}
