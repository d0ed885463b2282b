/**
 * The physicalizer session: owns the lowering state of one run (resources,
 * micro-batch progress, weight-shard locations, replicas) and hands out
 * windows in order. Windows handed out are committed.
 */
import {
  EMPTY_OVERLAYS,
  PlacementSchema,
  type HardwareState,
  type LogicalSource,
  type Overlays,
  type PendingWindowView,
  type PhysicalWindow,
  type Placement,
  type ReplicaStateJson,
  type ResolvedArchConfig,
  type ResolvedTasParams,
  type ResolvedWorkloadConfig,
} from '@tasmoe/schemas';
import { PhysicalizerError } from './errors.js';
import { checkHardwareState, nominalHardwareStateOf } from './hardware-state.js';
import { LoweringEngine } from './lowering-engine.js';
import { buildMachineModel, type MachineModel } from './machine-model.js';
import { ACTION_REPLICA, ACTION_RETIRE, EMPTY_PLAN, planOverlays, type OverlayPlan } from './overlay-plan.js';
import { indexPlacement, type PlacementIndex } from './placement-index.js';
import { ReplicaState } from './replica-state.js';
import type { PendingTasks } from './task-issue.js';
import { workloadShape, type WorkloadShape } from './workload-shape.js';
import type { ComputeEventBuffer } from './event-columns.js';

export interface PhysicalizerOptions {
  readonly arch: ResolvedArchConfig;
  readonly tas: ResolvedTasParams;
  readonly workload: ResolvedWorkloadConfig;
  readonly placement: Placement;
  readonly source: LogicalSource;
  /** Replicas to start from (e.g. a replica_state.json of a resumed run); none by default. */
  readonly replicaState?: ReplicaStateJson;
}

/** PhysicalWindow with the physicalizer's extra per-event columns (memBound, ghz). */
export interface LoweredWindow extends PhysicalWindow {
  readonly compute: ComputeEventBuffer;
}

export interface Physicalizer {
  readonly machine: MachineModel;
  readonly workloadShape: WorkloadShape;
  readonly source: LogicalSource;
  readonly placement: Placement;
  readonly windowNs: number;
  /** The next window to lower; everything before its start is committed. */
  readonly nextWindow: number;
  readonly commitFrontierNs: number;
  /** True once every decode step has finished. */
  readonly done: boolean;
  /** Replica state (TACS reads it as a ReplicaStateView); serialise with toJSON(). */
  readonly replicaState: ReplicaState;
  /**
   * Lower window `winIdx` (must be `nextWindow`) with its overlays at hardware
   * state `hw` (nominal when omitted). The returned arrays are the session's
   * buffers, reused by the next call: consume them or `clonePhysicalWindow` first.
   */
  physicalizeWindow(winIdx: number, overlays?: Overlays, hw?: HardwareState): LoweredWindow;
  /**
   * Tasks that would start in window `winIdx` (must be `nextWindow`) with no new
   * overlays, at hardware state `hw` (default: the last window's). A dry run that
   * changes nothing; its arrays are valid until the next pendingWindow call.
   */
  pendingWindow(winIdx: number, hw?: HardwareState): PendingWindowView;
  /**
   * No replicas and no weight migration in flight: lowering the next window without overlays
   * then starts exactly the tasks pendingWindow lists for it at the same hardware state (the
   * same lowering, for real, with nothing to prune or settle first).
   */
  readonly lowersAsDryRun: boolean;
  /**
   * The tasks the last physicalizeWindow started, as the pending view of that window: when it had
   * no overlays and lowersAsDryRun held before it, the very list pendingWindow gave before it, so a
   * policy that only watches can read it after the window instead of a dry run before it. Valid
   * until the next lowering.
   */
  startedWindow(): PendingWindowView;
}

export function createPhysicalizer(opts: PhysicalizerOptions): Physicalizer {
  const parsed = PlacementSchema.safeParse(opts.placement);
  if (!parsed.success) {
    throw new PhysicalizerError(
      'PLACEMENT_INVALID',
      `placement: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      {
        cause: parsed.error,
      },
    );
  }
  const m = buildMachineModel(opts.arch, opts.tas);
  const w = workloadShape(opts.workload);
  const p = indexPlacement(parsed.data, m, w);
  const src = opts.source;
  if (
    src.totalSteps !== w.steps ||
    !(src.stepsPerChunk > 0) ||
    src.chunkCount !== Math.ceil(src.totalSteps / src.stepsPerChunk)
  ) {
    throw new PhysicalizerError(
      'TRACE_INVALID',
      `logical source has ${src.totalSteps} steps in ${src.chunkCount} chunks of ${src.stepsPerChunk}; the workload has ${w.steps} steps`,
    );
  }
  return new PhysicalizerSession(opts, m, w, p);
}

class PhysicalizerSession implements Physicalizer {
  readonly machine: MachineModel;
  readonly workloadShape: WorkloadShape;
  readonly source: LogicalSource;
  readonly placement: Placement;
  readonly replicaState: ReplicaState;
  private readonly engine: LoweringEngine;
  private readonly nominal: HardwareState;
  private lastHw: HardwareState;
  private next = 0;
  private finished = false;
  /** The last lowering started what a dry run before it listed (startedWindow). */
  private startedAsPending = false;

  constructor(opts: PhysicalizerOptions, m: MachineModel, w: WorkloadShape, p: PlacementIndex) {
    this.machine = m;
    this.workloadShape = w;
    this.source = opts.source;
    this.placement = opts.placement;
    const placementCores = (e: number): ArrayLike<number> =>
      e >= 0 && e < w.expertCount ? p.hostCores.subarray(p.hostStart[e] ?? 0, p.hostStart[e + 1] ?? 0) : [];
    const rules = { minResidencyNs: m.minResidencyNs, undoCooldownNs: m.undoCooldownNs, placementCores };
    this.replicaState =
      opts.replicaState === undefined ? new ReplicaState(rules) : ReplicaState.fromJSON(opts.replicaState, rules);
    this.nominal = nominalHardwareStateOf(m);
    this.lastHw = this.nominal;
    this.engine = new LoweringEngine(m, w, p, opts.source, this.replicaState, this.nominal);
  }

  get windowNs(): number {
    return this.machine.windowNs;
  }
  get nextWindow(): number {
    return this.next;
  }
  get commitFrontierNs(): number {
    return this.next * this.machine.windowNs;
  }
  get done(): boolean {
    return this.finished;
  }

  private checkWindow(winIdx: number, what: string): void {
    if (winIdx !== this.next) {
      throw new PhysicalizerError(
        'WINDOW_OUT_OF_ORDER',
        `${what}(${winIdx}): windows are lowered in order; the next window is ${this.next}${winIdx < this.next ? ` (window ${winIdx} is committed)` : ''}`,
      );
    }
  }

  physicalizeWindow(
    winIdx: number,
    overlays: Overlays = EMPTY_OVERLAYS,
    hw: HardwareState = this.nominal,
  ): LoweredWindow {
    this.checkWindow(winIdx, 'physicalizeWindow');
    checkHardwareState(this.machine, hw);
    const W = this.machine.windowNs;
    const tS = winIdx * W;
    const tE = tS + W;
    const engine = this.engine;
    const reps = this.replicaState;
    this.startedAsPending = overlays.reroute.length === 0 && overlays.migrate.length === 0 && this.lowersAsDryRun;
    reps.prune(tS);
    const plan =
      overlays.reroute.length === 0 && overlays.migrate.length === 0 ? EMPTY_PLAN : this.plan(winIdx, tS, tE, overlays);
    // Accepted as a whole: replay the replica transitions on the live state (they succeeded on the clone).
    for (const a of plan.actions) {
      if (a.kind === ACTION_REPLICA) reps.create(a.expert, a.dstCore, a.tApplyNs);
      else if (a.kind === ACTION_RETIRE) reps.retire(a.expert, a.srcCore, a.tApplyNs);
    }
    engine.lowerWindow(winIdx, hw, plan);
    this.lastHw = hw;
    this.next = winIdx + 1;
    const agg = engine.agg.emitBase();
    this.finished = engine.allStepsIssued && engine.lastEndNs <= tE;
    return {
      winIdx,
      tStartNs: tS,
      tEndNs: tE,
      compute: engine.compute,
      memory: engine.memory,
      coreBusyNs: agg.coreBusyNs,
      coreFlops: agg.coreFlops,
      bankReadBytes: agg.bankReadBytes,
      bankWriteBytes: agg.bankWriteBytes,
      bankBusyNs: agg.bankBusyNs,
      linkFlits: agg.linkFlits,
      completedTokens: agg.completedTokens,
      stepLatenciesNs: agg.stepLatenciesNs,
      reroutesApplied: plan.reroutes.count,
      migrationsApplied: engine.migrationsApplied,
      weightMovesApplied: engine.weightMovesApplied,
      replicasCreated: engine.replicasCreated,
      replicasRetired: engine.replicasRetired,
      migrationBytes: engine.migrationBytes,
      done: this.finished,
    };
  }

  private plan(winIdx: number, tS: number, tE: number, overlays: Overlays): OverlayPlan {
    const engine = this.engine;
    return planOverlays(overlays, {
      winIdx,
      tStartNs: tS,
      tEndNs: tE,
      topo: this.machine.topo,
      coreCount: this.machine.coreCount,
      mbIdCount: this.workloadShape.microBatches * this.workloadShape.steps,
      expertCount: this.workloadShape.expertCount,
      shardsPerExpert: this.workloadShape.shardsPerExpert,
      mbFullyIssued: (mb) => engine.mbFullyIssued(mb),
      isPlacementHost: (e, c) => engine.isPlacementHost(e, c),
      shardBankAt: (sh, t) => engine.shardBankAt(sh, t),
      replicas: this.replicaState.clone(),
    });
  }

  pendingWindow(winIdx: number, hw: HardwareState = this.lastHw): PendingWindowView {
    this.checkWindow(winIdx, 'pendingWindow');
    checkHardwareState(this.machine, hw);
    this.startedAsPending = false;
    return this.pendingView(winIdx, this.engine.dryRun(winIdx, hw));
  }

  get lowersAsDryRun(): boolean {
    return this.replicaState.expertsWithRecords === 0 && this.engine.migrationsInFlight === 0;
  }

  startedWindow(): PendingWindowView {
    if (!this.startedAsPending)
      throw new PhysicalizerError(
        'WINDOW_OUT_OF_ORDER',
        'startedWindow(): the last window was not lowered as its dry run (overlays, replicas or migrations, or a dry run since)',
      );
    return this.pendingView(this.next - 1, this.engine.startedTasks);
  }

  private pendingView(winIdx: number, p: PendingTasks): PendingWindowView {
    const W = this.machine.windowNs;
    const n = p.count;
    return {
      winIdx,
      tStartNs: winIdx * W,
      tEndNs: (winIdx + 1) * W,
      commitFrontierNs: winIdx * W,
      taskCount: n,
      mbId: p.mbId.subarray(0, n),
      expert: p.expert.subarray(0, n),
      core: p.core.subarray(0, n),
      flops: p.flops.subarray(0, n),
    };
  }
}
