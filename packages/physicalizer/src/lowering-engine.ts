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
import { groupExpertsError, indexChunk, type IndexedChunk } from './chunk-index.js';
import { PhysicalizerError } from './errors.js';
import { newComputeBuffer, newMemoryBuffer, reserveCompute, reserveMemory, type ComputeEventBuffer } from './event-columns.js';
import type { MachineModel } from './machine-model.js';
import { ACTION_REPLICA, ACTION_RETIRE, ACTION_WEIGHT, EMPTY_PLAN, type MigrationAction, type OverlayPlan } from './overlay-plan.js';
import type { PlacementIndex } from './placement-index.js';
import type { ReplicaState } from './replica-state.js';
import { WindowAggregates } from './window-aggregates.js';
import type { WorkloadShape } from './workload-shape.js';

const PHASE_ATTN = 0;
const PHASE_EXPERTS = 1;
const PHASE_DONE = 2;

/** Tasks that would start in the window being dry-run. */
export interface PendingTasks {
  count: number;
  mbId: Int32Array;
  expert: Int32Array;
  core: Int32Array;
  flops: Float64Array;
  tStartNs: Float64Array;
}

function growI32(a: Int32Array, n: number): Int32Array {
  if (a.length >= n) return a;
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
function growF64(a: Float64Array, n: number): Float64Array {
  if (a.length >= n) return a;
  const b = new Float64Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
function growU8(a: Uint8Array, n: number): Uint8Array {
  if (a.length >= n) return a;
  const b = new Uint8Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

export class LoweringEngine {
  private readonly m: MachineModel;
  private readonly w: WorkloadShape;
  private readonly p: PlacementIndex;
  private readonly source: LogicalSource;
  readonly replicas: ReplicaState;

  // FIFO resources: time each becomes free.
  private readonly coreFree: Float64Array;
  private readonly bankFree: Float64Array;
  private readonly linkFree: Float64Array;

  // Weight shards: current bank, and a migration target taking over at shardSwitch.
  private readonly shardBank: Int32Array;
  private readonly shardNext: Int32Array;
  private readonly shardSwitch: Float64Array;
  private migratingShards: number[] = [];

  // Micro-batches.
  private readonly mbStep: Int32Array;
  private readonly mbLayer: Int32Array;
  private readonly mbPhase: Int32Array;
  private readonly mbReady: Float64Array;
  private readonly mbOutstanding: Int32Array;
  private readonly mbGroupEnd: Float64Array;
  private readonly mbStepStart: Float64Array;
  private readonly mbStepTokens: Int32Array;
  private mbDoneCount = 0;

  // Task pool: tasks of started groups; issued ones are dropped when nothing waits.
  private tMb: Int32Array = new Int32Array(256);
  /** The trace's micro-batch id of the task (step * concurrency + lane). */
  private tMbId: Int32Array = new Int32Array(256);
  private tExpert: Int32Array = new Int32Array(256);
  private tHome: Int32Array = new Int32Array(256);
  private tFlops: Float64Array = new Float64Array(256);
  private tReady: Float64Array = new Float64Array(256);
  private tReadStart: Int32Array = new Int32Array(256);
  private tReadCount: Int32Array = new Int32Array(256);
  private tIssued: Uint8Array = new Uint8Array(256);
  private poolCount = 0;
  private poolWaiting = 0;
  /** Read table: key >= 0 is a weight shard id, key < 0 is bank -1 - key (KV). */
  private rKey: Int32Array = new Int32Array(1024);
  private rBytes: Float64Array = new Float64Array(1024);
  private readCount = 0;

  // Scratch for building groups.
  private readonly accFlops: Float64Array;
  private readonly exUses: Int32Array;
  private readonly exList: Int32Array;
  private readonly exReads: Int32Array;
  private readonly exCursor: Int32Array;
  private readonly homeFlops: Float64Array;
  private readonly homeBytes: Float64Array;
  private readonly homeTouched: Uint8Array;
  private readonly homeList: Int32Array;
  private readonly vaultX0: Int32Array;
  /** Home core of sequence slot mb * micro_batch + q. */
  private readonly homeOfSlot: Int32Array;
  private readonly hostStart: Int32Array;
  private readonly hostCores: Int32Array;
  private readonly bankOwner: Int32Array;
  private readonly hopsOf: Int32Array;
  private readonly routeStart: Int32Array;
  private readonly routeLinks: Int32Array;
  private readonly flopsPerCycle: Float64Array;
  private readonly coreCount: number;
  private readonly linkBytesPerNs: number;
  private readonly vaultY0: Int32Array;

  // Chunks of the steps micro-batches are in.
  private readonly chunks = new Map<number, IndexedChunk>();
  private lastChunk: IndexedChunk | undefined;

  // Outputs of the window being lowered.
  readonly compute: ComputeEventBuffer = newComputeBuffer();
  readonly memory: MemoryEventColumns = newMemoryBuffer();
  readonly agg: WindowAggregates;
  readonly pending: PendingTasks = {
    count: 0,
    mbId: new Int32Array(256),
    expert: new Int32Array(256),
    core: new Int32Array(256),
    flops: new Float64Array(256),
    tStartNs: new Float64Array(256),
  };
  private nextComputeId = 0;
  private nextMemoryId = 0;
  /** End of the latest work issued so far (tasks and transfers). */
  lastEndNs = 0;
  migrationsApplied = 0;
  migrationBytes = 0;

  // Window context.
  private tS = 0;
  private tE = 0;
  private hw: HardwareState;
  private plan: OverlayPlan = EMPTY_PLAN;
  private dry = false;
  /** Any replica record this window (records are created before a window is lowered). */
  private anyReplicas = false;
  /** Snapshot of the small arrays a dry run restores (preallocated: no allocation per window). */
  private readonly snap: {
    coreFree: Float64Array;
    mbReady: Float64Array;
    mbGroupEnd: Float64Array;
    mbStepStart: Float64Array;
    mbStep: Int32Array;
    mbLayer: Int32Array;
    mbPhase: Int32Array;
    mbOutstanding: Int32Array;
    mbStepTokens: Int32Array;
    issued: Uint8Array;
  };
  private journalIdx: Int32Array = new Int32Array(1024);
  private journalOld: Float64Array = new Float64Array(1024);
  private journalCount = 0;

  constructor(m: MachineModel, w: WorkloadShape, p: PlacementIndex, source: LogicalSource, replicas: ReplicaState, hw: HardwareState) {
    this.m = m;
    this.w = w;
    this.p = p;
    this.source = source;
    this.replicas = replicas;
    this.hw = hw;
    const C = m.coreCount;
    const M = w.microBatches;
    this.coreFree = new Float64Array(C);
    this.bankFree = new Float64Array(m.bankCount);
    this.linkFree = new Float64Array(m.linkCount);
    this.shardBank = Int32Array.from(p.shardBank);
    this.shardNext = new Int32Array(p.shardBank.length).fill(-1);
    this.shardSwitch = new Float64Array(p.shardBank.length).fill(Infinity);
    this.mbStep = new Int32Array(M);
    this.mbLayer = new Int32Array(M);
    this.mbPhase = new Int32Array(M);
    this.mbReady = new Float64Array(M);
    this.mbOutstanding = new Int32Array(M);
    this.mbGroupEnd = new Float64Array(M);
    this.mbStepStart = new Float64Array(M);
    this.mbStepTokens = new Int32Array(M);
    if (w.steps === 0) {
      this.mbPhase.fill(PHASE_DONE);
      this.mbDoneCount = M;
    }
    this.accFlops = new Float64Array(w.expertCount);
    this.exUses = new Int32Array(w.expertCount);
    this.exList = new Int32Array(w.expertCount);
    this.exReads = new Int32Array(w.expertCount);
    this.exCursor = new Int32Array(w.expertCount);
    this.homeFlops = new Float64Array(C);
    this.homeBytes = new Float64Array(C);
    this.homeTouched = new Uint8Array(C);
    this.homeList = new Int32Array(C);
    this.vaultX0 = new Int32Array(C);
    this.vaultY0 = new Int32Array(C);
    for (let c = 0; c < C; c++) {
      this.vaultX0[c] = m.topo.coreX(c) * m.topo.vaultX;
      this.vaultY0[c] = m.topo.coreY(c) * m.topo.vaultY;
    }
    this.agg = new WindowAggregates(C, m.bankCount, m.linkCount, m.windowNs);
    this.snap = {
      coreFree: new Float64Array(C),
      mbReady: new Float64Array(M),
      mbGroupEnd: new Float64Array(M),
      mbStepStart: new Float64Array(M),
      mbStep: new Int32Array(M),
      mbLayer: new Int32Array(M),
      mbPhase: new Int32Array(M),
      mbOutstanding: new Int32Array(M),
      mbStepTokens: new Int32Array(M),
      issued: new Uint8Array(256),
    };
    this.homeOfSlot = Int32Array.from({ length: M * w.microBatch }, (_, slot) => slot % C);
    this.hostStart = p.hostStart;
    this.hostCores = p.hostCores;
    this.bankOwner = m.bankOwner;
    this.hopsOf = m.hops;
    this.routeStart = m.routeStart;
    this.routeLinks = m.routeLinks;
    this.flopsPerCycle = m.flopsPerCycle;
    this.coreCount = C;
    this.linkBytesPerNs = m.linkBytesPerNs;
  }

  // ---------------------------------------------------------------- queries

  get allStepsIssued(): boolean {
    return this.mbDoneCount === this.w.microBatches;
  }

  /** Every task of micro-batch `mbId` (lane mbId mod concurrency, its step mbId div concurrency) has been issued. */
  mbFullyIssued(mbId: number): boolean {
    const M = this.w.microBatches;
    const lane = mbId % M;
    const step = (mbId - lane) / M;
    return this.mbPhase[lane] === PHASE_DONE || (this.mbStep[lane] ?? 0) > step;
  }

  isPlacementHost(expert: number, core: number): boolean {
    for (let h = this.p.hostStart[expert] ?? 0; h < (this.p.hostStart[expert + 1] ?? 0); h++) if (this.p.hostCores[h] === core) return true;
    return false;
  }

  /** Bank of a shard at time t, or -1 while a migration of it is in flight at t. */
  shardBankAt(shardId: number, t: number): number {
    const sw = this.shardSwitch[shardId] ?? Infinity;
    if ((this.shardNext[shardId] ?? -1) === -1) return this.shardBank[shardId] ?? -1;
    return t >= sw ? (this.shardNext[shardId] ?? -1) : -1;
  }

  /** Placement shard bank with migrations completed by t applied. */
  private shardAt(shardId: number, t: number): number {
    if (this.migratingShards.length === 0) return this.shardBank[shardId] ?? 0;
    return t >= (this.shardSwitch[shardId] ?? Infinity) ? (this.shardNext[shardId] ?? 0) : (this.shardBank[shardId] ?? 0);
  }

  /** Bank of shard `shard` of a replica of `expert` on `core`: in the core's vault, die (expert + shard) mod dies. */
  replicaBank(expert: number, shard: number, core: number): number {
    const t = this.m.topo;
    const die = (expert + shard) % t.dramLayers;
    const iv = (expert * this.w.shardsPerExpert + shard) % (t.vaultX * t.vaultY);
    return this.vaultBank(core, die, iv);
  }

  /** KV bank of lane `mb`'s sequences homed on `home` at MoE layer `layer`. */
  kvBank(home: number, layer: number, mb: number): number {
    const t = this.m.topo;
    const die = layer % t.dramLayers;
    const iv = (mb + Math.floor(layer / t.dramLayers)) % (t.vaultX * t.vaultY);
    return this.vaultBank(home, die, iv);
  }

  private vaultBank(core: number, die: number, iv: number): number {
    const t = this.m.topo;
    const x = (this.vaultX0[core] ?? 0) + (iv % t.vaultX);
    const y = (this.vaultY0[core] ?? 0) + Math.floor(iv / t.vaultX);
    return die * t.banksX * t.banksY + y * t.banksX + x;
  }

  /** Home core of the sequence of `token` in lane `mb`: (lane * micro_batch + token mod micro_batch) mod cores. */
  homeCore(mb: number, token: number): number {
    const B = this.w.microBatch;
    return this.homeOfSlot[mb * B + (token % B)] ?? 0;
  }

  // ---------------------------------------------------------------- windows

  /**
   * Lower window w. `dry`: issue nothing for real (no events, no aggregates, no
   * state change once it returns); fill `pending` instead.
   */
  lowerWindow(winIdx: number, hw: HardwareState, plan: OverlayPlan, dry: boolean): void {
    const W = this.m.windowNs;
    this.tS = winIdx * W;
    this.tE = this.tS + W;
    this.hw = hw;
    this.plan = plan;
    this.dry = dry;
    this.anyReplicas = this.replicas.expertsWithRecords > 0;
    this.pending.count = 0;
    if (!dry) {
      this.agg.beginWindow();
      this.compute.count = 0;
      this.memory.count = 0;
      this.migrationsApplied = 0;
      this.migrationBytes = 0;
      this.settleMigrations(this.tS);
    }

    // 1. Tasks that waited past the last window go first (they were ready earlier).
    const waiting = this.poolCount;
    for (let i = 0; i < waiting && this.poolWaiting > 0; i++) {
      if (this.tIssued[i] === 0 && this.tryIssue(i)) {
        const mb = this.tMb[i] ?? 0;
        if (this.mbOutstanding[mb] === 0) this.completeGroup(mb);
      }
    }
    // 2. Groups in ready-time order, interleaved with the window's migrations.
    const actions = plan.actions;
    let ai = 0;
    const M = this.w.microBatches;
    for (;;) {
      let best = -1;
      let bestT = Infinity;
      for (let mb = 0; mb < M; mb++) {
        const r = this.mbReady[mb] ?? Infinity;
        if (r < bestT) {
          bestT = r;
          best = mb;
        }
      }
      const act = actions[ai];
      if (act !== undefined && act.tApplyNs <= bestT) {
        this.runAction(act);
        ai++;
        continue;
      }
      if (best === -1 || bestT >= this.tE) break;
      this.startGroup(best);
    }
    if (!dry) {
      if (this.poolWaiting === 0) {
        this.poolCount = 0;
        this.readCount = 0;
      } else this.compactPool();
      this.evictChunks();
    }
  }

  /** Snapshot, dry-run window w with no overlays into `pending`, restore. */
  dryRun(winIdx: number, hw: HardwareState): PendingTasks {
    const snap = this.snap;
    snap.coreFree.set(this.coreFree);
    snap.mbReady.set(this.mbReady);
    snap.mbGroupEnd.set(this.mbGroupEnd);
    snap.mbStepStart.set(this.mbStepStart);
    snap.mbStep.set(this.mbStep);
    snap.mbLayer.set(this.mbLayer);
    snap.mbPhase.set(this.mbPhase);
    snap.mbOutstanding.set(this.mbOutstanding);
    snap.mbStepTokens.set(this.mbStepTokens);
    const poolCount = this.poolCount;
    if (snap.issued.length < poolCount) snap.issued = new Uint8Array(Math.max(poolCount, snap.issued.length * 2));
    for (let i = 0; i < poolCount; i++) snap.issued[i] = this.tIssued[i] ?? 0;
    const poolWaiting = this.poolWaiting;
    const readCount = this.readCount;
    const mbDoneCount = this.mbDoneCount;
    const lastEndNs = this.lastEndNs;
    const prevHw = this.hw;
    this.journalCount = 0;
    try {
      this.lowerWindow(winIdx, hw, EMPTY_PLAN, true);
    } finally {
      for (let j = this.journalCount - 1; j >= 0; j--) {
        const idx = this.journalIdx[j] ?? 0;
        const old = this.journalOld[j] ?? 0;
        if (idx < this.m.bankCount) this.bankFree[idx] = old;
        else this.linkFree[idx - this.m.bankCount] = old;
      }
      this.journalCount = 0;
      this.coreFree.set(snap.coreFree);
      this.mbReady.set(snap.mbReady);
      this.mbGroupEnd.set(snap.mbGroupEnd);
      this.mbStepStart.set(snap.mbStepStart);
      this.mbStep.set(snap.mbStep);
      this.mbLayer.set(snap.mbLayer);
      this.mbPhase.set(snap.mbPhase);
      this.mbOutstanding.set(snap.mbOutstanding);
      this.mbStepTokens.set(snap.mbStepTokens);
      for (let i = 0; i < poolCount; i++) this.tIssued[i] = snap.issued[i] ?? 0;
      this.poolCount = poolCount;
      this.poolWaiting = poolWaiting;
      this.readCount = readCount;
      this.mbDoneCount = mbDoneCount;
      this.lastEndNs = lastEndNs;
      this.hw = prevHw;
      this.dry = false;
    }
    return this.pending;
  }

  // ---------------------------------------------------------------- groups

  private chunkForStep(step: number): IndexedChunk {
    const last = this.lastChunk;
    if (last !== undefined && step >= last.chunk.stepStart && step < last.chunk.stepStart + last.chunk.stepCount) return last;
    const spc = this.source.stepsPerChunk;
    const ci = Math.floor(step / spc);
    let ic = this.chunks.get(ci);
    if (ic === undefined) {
      if (ci >= this.source.chunkCount) throw new PhysicalizerError('TRACE_INVALID', `step ${step} is beyond the source's ${this.source.chunkCount} chunks`);
      ic = indexChunk(this.source.chunk(ci), this.w, ci, ci * spc);
      this.chunks.set(ci, ic);
    }
    this.lastChunk = ic;
    return ic;
  }

  private evictChunks(): void {
    if (this.chunks.size <= 1) return;
    let minStep = Infinity;
    for (let mb = 0; mb < this.w.microBatches; mb++) if (this.mbPhase[mb] !== PHASE_DONE) minStep = Math.min(minStep, this.mbStep[mb] ?? 0);
    const spc = this.source.stepsPerChunk;
    for (const ci of this.chunks.keys()) if ((ci + 1) * spc <= minStep) this.chunks.delete(ci);
    if (this.lastChunk !== undefined && !this.chunks.has(this.lastChunk.chunk.chunkIndex)) this.lastChunk = undefined;
  }

  private startGroup(mb: number): void {
    const step = this.mbStep[mb] ?? 0;
    const layer = this.mbLayer[mb] ?? 0;
    const ic = this.chunkForStep(step);
    const ch = ic.chunk;
    const L = this.w.layers;
    const g = ((step - ch.stepStart) * L + layer) * this.w.microBatches + mb;
    const ev0 = ic.evStart[g] ?? 0;
    const ev1 = ic.evStart[g + 1] ?? 0;
    const R = this.mbReady[mb] ?? 0;
    this.mbReady[mb] = Infinity;
    this.mbGroupEnd[mb] = R;
    const first = this.poolCount;
    if (this.mbPhase[mb] === PHASE_ATTN) {
      if (layer === 0) this.mbStepTokens[mb] = ev1 - ev0;
      this.buildAttention(mb, layer, ch.token, ch.attnFlops, ch.kvBytes, ev0, ev1, R);
    } else {
      this.buildExperts(mb, layer, ic, g, ev0, ev1, R);
    }
    const last = this.poolCount;
    this.mbOutstanding[mb] = last - first;
    this.poolWaiting += last - first;
    for (let i = first; i < last; i++) this.tryIssue(i);
    if (this.mbOutstanding[mb] === 0) this.completeGroup(mb);
    if (!this.dry && this.poolWaiting === 0) {
      this.poolCount = 0;
      this.readCount = 0;
    }
  }

  private completeGroup(mb: number): void {
    const F = this.mbGroupEnd[mb] ?? 0;
    if (this.mbPhase[mb] === PHASE_ATTN) {
      this.mbPhase[mb] = PHASE_EXPERTS;
      this.mbReady[mb] = F;
      return;
    }
    const layer = (this.mbLayer[mb] ?? 0) + 1;
    if (layer < this.w.layers) {
      this.mbLayer[mb] = layer;
      this.mbPhase[mb] = PHASE_ATTN;
      this.mbReady[mb] = F;
      return;
    }
    if (!this.dry) this.agg.addStep(F, F - (this.mbStepStart[mb] ?? 0), this.mbStepTokens[mb] ?? 0);
    const step = (this.mbStep[mb] ?? 0) + 1;
    this.mbLayer[mb] = 0;
    if (step >= this.w.steps) {
      this.mbPhase[mb] = PHASE_DONE;
      this.mbReady[mb] = Infinity;
      this.mbDoneCount++;
      return;
    }
    this.mbStep[mb] = step;
    this.mbStepStart[mb] = F;
    this.mbPhase[mb] = PHASE_ATTN;
    this.mbReady[mb] = F;
  }

  private ensurePool(extraTasks: number, extraReads: number): void {
    const n = this.poolCount + extraTasks;
    if (n > this.tMb.length) {
      this.tMb = growI32(this.tMb, n);
      this.tMbId = growI32(this.tMbId, n);
      this.tExpert = growI32(this.tExpert, n);
      this.tHome = growI32(this.tHome, n);
      this.tFlops = growF64(this.tFlops, n);
      this.tReady = growF64(this.tReady, n);
      this.tReadStart = growI32(this.tReadStart, n);
      this.tReadCount = growI32(this.tReadCount, n);
      this.tIssued = growU8(this.tIssued, n);
    }
    const r = this.readCount + extraReads;
    if (r > this.rKey.length) {
      this.rKey = growI32(this.rKey, r);
      this.rBytes = growF64(this.rBytes, r);
    }
  }

  private addTask(mb: number, expert: number, home: number, flops: number, ready: number, readStart: number, readCount: number): void {
    const i = this.poolCount++;
    this.tMb[i] = mb;
    this.tMbId[i] = (this.mbStep[mb] ?? 0) * this.w.microBatches + mb;
    this.tExpert[i] = expert;
    this.tHome[i] = home;
    this.tFlops[i] = flops;
    this.tReady[i] = ready;
    this.tReadStart[i] = readStart;
    this.tReadCount[i] = readCount;
    this.tIssued[i] = 0;
  }

  /** One attention task per home core of the micro-batch's tokens (ascending core id), reading their KV from that core's vault. */
  private buildAttention(mb: number, layer: number, token: Int32Array, attnFlops: Float64Array, kvBytes: Float64Array, ev0: number, ev1: number, R: number): void {
    const homeFlops = this.homeFlops;
    const homeBytes = this.homeBytes;
    const homeTouched = this.homeTouched;
    const homeList = this.homeList;
    let n = 0;
    for (let i = ev0; i < ev1; i++) {
      const h = this.homeCore(mb, token[i] ?? 0);
      if (homeTouched[h] === 0) {
        homeTouched[h] = 1;
        homeFlops[h] = 0;
        homeBytes[h] = 0;
        homeList[n++] = h;
      }
      homeFlops[h] = (homeFlops[h] ?? 0) + (attnFlops[i] ?? 0);
      homeBytes[h] = (homeBytes[h] ?? 0) + (kvBytes[i] ?? 0);
    }
    sortAscending(homeList, n);
    this.ensurePool(n, n);
    for (let j = 0; j < n; j++) {
      const h = homeList[j] ?? 0;
      homeTouched[h] = 0;
      const bytes = homeBytes[h] ?? 0;
      const rs = this.readCount;
      if (bytes > 0) {
        this.rKey[rs] = -1 - this.kvBank(h, layer, mb);
        this.rBytes[rs] = bytes;
        this.readCount = rs + 1;
      }
      this.addTask(mb, -1, h, homeFlops[h] ?? 0, R, rs, bytes > 0 ? 1 : 0);
    }
  }

  /**
   * One task per expert the micro-batch uses at this layer (ascending expert
   * number: the layer's routed experts, then its shared ones; indexChunk checked
   * that events only name those), with that expert's shard reads.
   */
  private buildExperts(mb: number, layer: number, ic: IndexedChunk, g: number, ev0: number, ev1: number, R: number): void {
    const ch = ic.chunk;
    const k = ch.k;
    const experts = ch.experts;
    const eflops = ch.expertFlops;
    const acc = this.accFlops;
    const uses = this.exUses;
    const list = this.exList;
    const reads = this.exReads;
    // Per-expert sums over the layer's expert ranges (indexChunk checked that events only name those).
    const E = this.w.expertsPerLayer;
    const SH = this.w.sharedExperts;
    const r0 = layer * E;
    const s0 = this.w.layers * E + layer * SH;
    acc.fill(0, r0, r0 + E);
    uses.fill(0, r0, r0 + E);
    reads.fill(0, r0, r0 + E);
    if (SH > 0) {
      acc.fill(0, s0, s0 + SH);
      uses.fill(0, s0, s0 + SH);
      reads.fill(0, s0, s0 + SH);
    }
    for (let j = ev0 * k; j < ev1 * k; j++) {
      const e = experts[j] ?? 0;
      uses[e] = (uses[e] ?? 0) + 1;
      acc[e] = (acc[e] ?? 0) + (eflops[j] ?? 0);
    }
    const w0 = ic.wStart[g] ?? 0;
    const w1 = ic.wStart[g + 1] ?? 0;
    const perm = ic.wPerm;
    const wExpert = ch.wExpert;
    for (let q = w0; q < w1; q++) {
      const e = wExpert[perm[q] ?? 0] ?? 0;
      reads[e] = (reads[e] ?? 0) + 1;
    }
    // Ascending expert order without sorting; the sums check the entries (see chunk-index.ts).
    let n = 0;
    let usesFound = 0;
    let flopsOk = true;
    for (let e = r0, e1 = r0 + E; e < e1; e++) {
      const u = uses[e] ?? 0;
      const rd = reads[e] ?? 0;
      if (u + rd > 0) {
        list[n++] = e;
        usesFound += u;
        if (!((acc[e] ?? -1) >= 0)) flopsOk = false;
      }
    }
    for (let e = s0, e1 = s0 + SH; e < e1; e++) {
      const u = uses[e] ?? 0;
      const rd = reads[e] ?? 0;
      if (u + rd > 0) {
        list[n++] = e;
        usesFound += u;
        if (!((acc[e] ?? -1) >= 0)) flopsOk = false;
      }
    }
    if (usesFound !== (ev1 - ev0) * k || !flopsOk) throw groupExpertsError(ic, this.w, ev0, ev1);
    this.ensurePool(n, w1 - w0);
    const cursor = this.exCursor;
    let off = this.readCount;
    for (let j = 0; j < n; j++) {
      const e = list[j] ?? 0;
      cursor[e] = off;
      off += reads[e] ?? 0;
    }
    const S = this.w.shardsPerExpert;
    const wShard = ch.wShard;
    const wBytes = ch.wBytes;
    for (let q = w0; q < w1; q++) {
      const r = perm[q] ?? 0;
      const e = wExpert[r] ?? 0;
      const pos = cursor[e] ?? 0;
      cursor[e] = pos + 1;
      this.rKey[pos] = e * S + (wShard[r] ?? 0);
      this.rBytes[pos] = wBytes[r] ?? 0;
    }
    this.readCount = off;
    for (let j = 0; j < n; j++) {
      const e = list[j] ?? 0;
      const cnt = reads[e] ?? 0;
      this.addTask(mb, e, -1, acc[e] ?? 0, R, (cursor[e] ?? 0) - cnt, cnt);
    }
  }

  // ---------------------------------------------------------------- issuing

  /** Issue task i if it starts before the window's end; returns whether it did. */
  private tryIssue(i: number): boolean {
    const mb = this.tMb[i] ?? 0;
    const e = this.tExpert[i] ?? -1;
    const R = this.tReady[i] ?? 0;
    const floor = R > this.tS ? R : this.tS;
    const coreFree = this.coreFree;
    let c: number;
    let s: number;
    if (e < 0) {
      c = this.tHome[i] ?? 0;
      const f = coreFree[c] ?? 0;
      s = f > floor ? f : floor;
    } else {
      // Earliest-free host (ties: lowest core id): placement cores, then usable replicas.
      const hostStart = this.hostStart;
      const hostCores = this.hostCores;
      const hs = hostStart[e] ?? 0;
      const he = hostStart[e + 1] ?? 0;
      c = hostCores[hs] ?? 0;
      const f0 = coreFree[c] ?? 0;
      s = f0 > floor ? f0 : floor;
      for (let h = hs + 1; h < he; h++) {
        const hc = hostCores[h] ?? 0;
        const f = coreFree[hc] ?? 0;
        const sc = f > floor ? f : floor;
        if (sc < s) {
          s = sc;
          c = hc;
        }
      }
      const recs = this.anyReplicas ? this.replicas.recordsOf(e) : undefined;
      if (recs !== undefined) {
        for (let q = 0; q < recs.length; q++) {
          const rec = recs[q];
          if (rec === undefined) continue;
          const rc = rec.core;
          const f = coreFree[rc] ?? 0;
          const sc = f > floor ? f : floor;
          if (rec.readyNs <= sc && sc < rec.retiredNs && (sc < s || (sc === s && rc < c))) {
            s = sc;
            c = rc;
          }
        }
      }
    }
    const rr = this.plan.reroutes;
    const mbId = this.tMbId[i] ?? 0;
    if (rr.count > 0 && s < this.tE) {
      for (let r = 0; r < rr.count; r++) {
        const ta = rr.tApplyNs[r] ?? 0;
        if (rr.fromCore[r] !== c || s < ta) continue;
        let named = false;
        for (let q = rr.mbStart[r] ?? 0, q1 = rr.mbStart[r + 1] ?? 0; q < q1; q++) if (rr.mbIds[q] === mbId) named = true;
        if (!named) continue;
        const re = rr.expert[r] ?? -1;
        if (re === -1 ? e < 0 && rr.expertTasksOnly[r] === 1 : re !== e) continue;
        c = rr.toCore[r] ?? c;
        const f = coreFree[c] ?? 0;
        s = f > floor ? f : floor;
        if (ta > s) s = ta;
        break;
      }
    }
    if (s >= this.tE) return false;

    // Issue: compute at the core's current frequency, reads FIFO on their banks (and links).
    const ghz = this.hw.coreFreqGhz[c] ?? 1;
    const flops = this.tFlops[i] ?? 0;
    const computeNs = flops / ((this.flopsPerCycle[c] ?? 1) * ghz);
    let memEnd = s;
    const r0 = this.tReadStart[i] ?? 0;
    const r1 = r0 + (this.tReadCount[i] ?? 0);
    if (r1 > r0) {
      const fromReplica = e >= 0 && this.anyReplicas && this.replicas.isUsable(e, c, s);
      // An expert placed on several cores keeps a resident copy of its weights in every host's vault
      // (loaded with the placement); the placement's tensor banks are one of those copies.
      const multiHost = e >= 0 && (this.p.hostStart[e + 1] ?? 0) - (this.p.hostStart[e] ?? 0) > 1;
      const S = this.w.shardsPerExpert;
      for (let r = r0; r < r1; r++) {
        const key = this.rKey[r] ?? 0;
        let bank = key < 0 ? -1 - key : fromReplica ? this.replicaBank(e, key % S, c) : this.shardAt(key, s);
        if (multiHost && key >= 0 && !fromReplica && this.bankOwner[bank] !== c) bank = this.replicaBank(e, key % S, c);
        const xe = this.readTransfer(c, bank, this.rBytes[r] ?? 0, s);
        if (xe > memEnd) memEnd = xe;
      }
    }
    const memNs = memEnd - s;
    const durNs = computeNs > memNs ? computeNs : memNs;
    // Whole cycles at this frequency; the tolerance keeps exact products from rounding up a cycle.
    const cycles = durNs > 0 ? Math.ceil(durNs * ghz - 1e-6) : 0;
    const end = s + cycles / ghz;
    coreFree[c] = end;
    this.tIssued[i] = 1;
    this.poolWaiting--;
    this.mbOutstanding[mb] = (this.mbOutstanding[mb] ?? 0) - 1;
    const doneAt = end > memEnd ? end : memEnd;
    if (doneAt > (this.mbGroupEnd[mb] ?? 0)) this.mbGroupEnd[mb] = doneAt;
    if (doneAt > this.lastEndNs) this.lastEndNs = doneAt;
    if (this.dry) {
      const p = this.pending;
      const j = p.count;
      if (j === p.mbId.length) {
        p.mbId = growI32(p.mbId, j + 1);
        p.expert = growI32(p.expert, j + 1);
        p.core = growI32(p.core, j + 1);
        p.flops = growF64(p.flops, j + 1);
        p.tStartNs = growF64(p.tStartNs, j + 1);
      }
      p.mbId[j] = mbId;
      p.expert[j] = e;
      p.core[j] = c;
      p.flops[j] = flops;
      p.tStartNs[j] = s;
      p.count = j + 1;
      return true;
    }
    const b = this.compute;
    const j = reserveCompute(b);
    b.evtId[j] = this.nextComputeId++;
    b.tStartNs[j] = s;
    b.coreId[j] = c;
    b.durationCycles[j] = cycles;
    b.flops[j] = flops;
    b.op[j] = e < 0 ? 1 : 0;
    b.expert[j] = e;
    b.mbId[j] = mbId;
    b.memBound[j] = memNs > computeNs ? 1 : 0;
    b.ghz[j] = ghz;
    this.agg.spreadCore(c, s, end, flops);
    return true;
  }

  private bankRate(bank: number): number {
    const bw = this.hw.bankBwBytesPerNs[bank] ?? 0;
    if (!(bw > 0) || !Number.isFinite(bw)) {
      throw new PhysicalizerError('HARDWARE_STATE_INVALID', `bank ${this.m.topo.bankIdOf(bank)} bandwidth ${bw} bytes/ns is not a positive number`);
    }
    return bw;
  }

  private setBankFree(bank: number, t: number): void {
    if (this.dry) this.journal(bank, this.bankFree[bank] ?? 0);
    this.bankFree[bank] = t;
  }

  private setLinkFree(link: number, t: number): void {
    if (this.dry) this.journal(this.m.bankCount + link, this.linkFree[link] ?? 0);
    this.linkFree[link] = t;
  }

  private journal(idx: number, old: number): void {
    const j = this.journalCount;
    if (j === this.journalIdx.length) {
      this.journalIdx = growI32(this.journalIdx, j + 1);
      this.journalOld = growF64(this.journalOld, j + 1);
    }
    this.journalIdx[j] = idx;
    this.journalOld[j] = old;
    this.journalCount = j + 1;
  }

  /** `core` reads `bytes` from `bank`, no earlier than t0; returns when the last byte arrives. */
  private readTransfer(core: number, bank: number, bytes: number, t0: number): number {
    if (bytes <= 0) return t0;
    const owner = this.bankOwner[bank] ?? 0;
    const pair = owner * this.coreCount + core;
    const hops = this.hopsOf[pair] ?? 0;
    const bankFree = this.bankFree;
    let xs = t0;
    const bf = bankFree[bank] ?? 0;
    if (bf > xs) xs = bf;
    const rate = this.hw.bankBwBytesPerNs[bank] ?? 0;
    if (!(rate > 0 && rate < Infinity)) this.badBank(bank, rate);
    if (hops > 0) return this.remoteRead(core, bank, bytes, xs, rate, hops, pair);
    const xe = xs + bytes / rate;
    if (this.dry) {
      this.journal(bank, bf);
      bankFree[bank] = xe;
      return xe;
    }
    bankFree[bank] = xe;
    // Memory event (inline: this is the hottest path).
    const mem = this.memory;
    const j = reserveMemory(mem);
    mem.evtId[j] = this.nextMemoryId++;
    mem.tStartNs[j] = xs;
    mem.srcCore[j] = core;
    mem.bank[j] = bank;
    mem.bytes[j] = bytes;
    mem.rw[j] = 0;
    mem.hops[j] = 0;
    mem.qos[j] = 0;
    this.agg.spreadBank(bank, xs, xe, bytes, false);
    return xe;
  }

  private remoteRead(core: number, bank: number, bytes: number, xs0: number, bankRate: number, hops: number, pair: number): number {
    const routeLinks = this.routeLinks;
    const l0 = this.routeStart[pair] ?? 0;
    const l1 = l0 + hops;
    let xs = xs0;
    for (let q = l0; q < l1; q++) {
      const lf = this.linkFree[routeLinks[q] ?? 0] ?? 0;
      if (lf > xs) xs = lf;
    }
    const rate = this.linkBytesPerNs < bankRate ? this.linkBytesPerNs : bankRate;
    const xe = xs + bytes / rate;
    this.setBankFree(bank, xe);
    for (let q = l0; q < l1; q++) this.setLinkFree(routeLinks[q] ?? 0, xe);
    if (!this.dry) {
      this.memoryEvent(xs, core, bank, bytes, 0, hops, 0);
      this.agg.spreadBank(bank, xs, xe, bytes, false);
      const flits = Math.ceil(bytes / this.m.flitBytes);
      for (let q = l0; q < l1; q++) this.agg.spreadLink(routeLinks[q] ?? 0, xs, xe, flits);
    }
    return xe;
  }

  private badBank(bank: number, bw: number): never {
    throw new PhysicalizerError('HARDWARE_STATE_INVALID', `bank ${this.m.topo.bankIdOf(bank)} bandwidth ${bw} bytes/ns is not a positive number`);
  }

  /**
   * Copy `bytes` from srcBank to dstBank (migration traffic, qos 1), pulled by
   * the core owning dstBank: one read event, one write event, flits along the
   * XY route between the two vaults; bank, banks' links and both banks FIFO.
   */
  private copyTransfer(srcBank: number, dstBank: number, bytes: number, t0: number): number {
    const m = this.m;
    const so = m.bankOwner[srcBank] ?? 0;
    const dOwner = m.bankOwner[dstBank] ?? 0;
    const pair = so * m.coreCount + dOwner;
    const hops = m.hops[pair] ?? 0;
    let xs = t0;
    const f1 = this.bankFree[srcBank] ?? 0;
    const f2 = this.bankFree[dstBank] ?? 0;
    if (f1 > xs) xs = f1;
    if (f2 > xs) xs = f2;
    let rate = Math.min(this.bankRate(srcBank), this.bankRate(dstBank));
    const l0 = m.routeStart[pair] ?? 0;
    const l1 = l0 + hops;
    if (hops > 0) {
      for (let q = l0; q < l1; q++) {
        const lf = this.linkFree[m.routeLinks[q] ?? 0] ?? 0;
        if (lf > xs) xs = lf;
      }
      if (m.linkBytesPerNs < rate) rate = m.linkBytesPerNs;
    }
    const xe = bytes > 0 ? xs + bytes / rate : xs;
    this.setBankFree(srcBank, xe);
    this.setBankFree(dstBank, xe);
    for (let q = l0; q < l1; q++) this.setLinkFree(m.routeLinks[q] ?? 0, xe);
    if (xe > this.lastEndNs) this.lastEndNs = xe;
    if (!this.dry && bytes > 0) {
      this.memoryEvent(xs, dOwner, srcBank, bytes, 0, hops, 1);
      this.memoryEvent(xs, dOwner, dstBank, bytes, 1, 0, 1);
      this.agg.spreadBank(srcBank, xs, xe, bytes, false);
      this.agg.spreadBank(dstBank, xs, xe, bytes, true);
      if (hops > 0) {
        const flits = Math.ceil(bytes / m.flitBytes);
        for (let q = l0; q < l1; q++) this.agg.spreadLink(m.routeLinks[q] ?? 0, xs, xe, flits);
      }
      this.migrationBytes += bytes;
    }
    return xe;
  }

  private memoryEvent(t: number, core: number, bank: number, bytes: number, rw: number, hops: number, qos: number): void {
    const mem = this.memory;
    const j = reserveMemory(mem);
    mem.evtId[j] = this.nextMemoryId++;
    mem.tStartNs[j] = t;
    mem.srcCore[j] = core;
    mem.bank[j] = bank;
    mem.bytes[j] = bytes;
    mem.rw[j] = rw;
    mem.hops[j] = hops;
    mem.qos[j] = qos;
  }

  // ---------------------------------------------------------------- overlays

  private runAction(a: MigrationAction): void {
    if (this.dry) return;
    this.migrationsApplied++;
    const S = this.w.shardsPerExpert;
    const bytes = this.w.shardBytes;
    switch (a.kind) {
      case ACTION_WEIGHT: {
        const end = this.copyTransfer(a.srcBank, a.dstBank, bytes, a.tApplyNs);
        this.shardNext[a.shardId] = a.dstBank;
        this.shardSwitch[a.shardId] = end;
        this.migratingShards.push(a.shardId);
        this.replicas.noteTransfer(a.tApplyNs, end);
        return;
      }
      case ACTION_REPLICA: {
        // Source copy as tasks on srcCore see it: its replica banks, else the (migrated) placement banks.
        const fromReplica = this.replicas.isUsable(a.expert, a.srcCore, a.tApplyNs);
        let ready = a.tApplyNs;
        for (let sh = 0; sh < S; sh++) {
          const src = fromReplica ? this.replicaBank(a.expert, sh, a.srcCore) : this.shardAt(a.expert * S + sh, a.tApplyNs);
          const dst = this.replicaBank(a.expert, sh, a.dstCore);
          const end = src === dst ? a.tApplyNs : this.copyTransfer(src, dst, bytes, a.tApplyNs);
          if (end > ready) ready = end;
        }
        this.replicas.setReady(a.expert, a.dstCore, ready);
        return;
      }
      case ACTION_RETIRE:
        return; // recorded in the replica state with its time when the overlays were accepted
    }
  }

  private settleMigrations(frontierNs: number): void {
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

  private compactPool(): void {
    let n = 0;
    let rn = 0;
    for (let i = 0; i < this.poolCount; i++) {
      if (this.tIssued[i] === 1) continue;
      const r0 = this.tReadStart[i] ?? 0;
      const rc = this.tReadCount[i] ?? 0;
      // Reads only move down (rn <= r0), so copying in place is safe.
      this.rKey.copyWithin(rn, r0, r0 + rc);
      this.rBytes.copyWithin(rn, r0, r0 + rc);
      this.tMb[n] = this.tMb[i] ?? 0;
      this.tMbId[n] = this.tMbId[i] ?? 0;
      this.tExpert[n] = this.tExpert[i] ?? 0;
      this.tHome[n] = this.tHome[i] ?? 0;
      this.tFlops[n] = this.tFlops[i] ?? 0;
      this.tReady[n] = this.tReady[i] ?? 0;
      this.tReadStart[n] = rn;
      this.tReadCount[n] = rc;
      this.tIssued[n] = 0;
      rn += rc;
      n++;
    }
    this.poolCount = n;
    this.readCount = rn;
  }
}

function sortAscending(a: Int32Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i] ?? 0;
    let j = i - 1;
    while (j >= 0 && (a[j] ?? 0) > v) {
      a[j + 1] = a[j] ?? 0;
      j--;
    }
    a[j + 1] = v;
  }
}
