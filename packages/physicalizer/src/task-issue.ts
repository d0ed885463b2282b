import { newComputeBuffer, reserveCompute, type ComputeEventBuffer } from './event-columns.js';
import type { MachineModel } from './machine-model.js';
import type { MicroBatches } from './micro-batch-state.js';
import type { Migrations } from './migrations.js';
import type { PlacementIndex } from './placement-index.js';
import type { ReplicaState } from './replica-state.js';
import type { ResourceTimelines } from './resource-timelines.js';
import type { TaskPool } from './task-pool.js';
import type { Transfers } from './transfers.js';
import { growF64, growI32 } from './typed-grow.js';
import type { VaultBanks } from './vault-banks.js';
import type { WindowAggregates } from './window-aggregates.js';
import type { WindowContext } from './window-context.js';
import type { WorkloadShape } from './workload-shape.js';

/** A replica ready at `readyNs` and retired at `retiredNs` serves a task that starts at max(its core's free time, floor). */
function usableAt(readyNs: number, retiredNs: number, coreFreeNs: number, floor: number): boolean {
  const sc = Math.max(coreFreeNs, floor);
  return readyNs <= sc && sc < retiredNs;
}

/**
 * Tasks that start in the window being lowered, in issue order: those a dry run would start, or
 * (a real window) those it started.
 */
export interface PendingTasks {
  count: number;
  mbId: Int32Array;
  expert: Int32Array;
  core: Int32Array;
  flops: Float64Array;
}

/**
 * Issuing a task: choose its core (the expert's hosts in rotation by micro-batch) and start, then run it there — compute at
 * the core's frequency, reads FIFO on their banks and links. Real windows emit
 * compute events into `compute`; dry runs list the task in `pending`.
 */
export class TaskIssuer {
  readonly compute: ComputeEventBuffer = newComputeBuffer();
  readonly pending: PendingTasks = {
    count: 0,
    mbId: new Int32Array(256),
    expert: new Int32Array(256),
    core: new Int32Array(256),
    flops: new Float64Array(256),
  };
  private nextComputeId = 0;

  private readonly ctx: WindowContext;
  private readonly pool: TaskPool;
  private readonly mbs: MicroBatches;
  private readonly tl: ResourceTimelines;
  private readonly transfers: Transfers;
  private readonly migrations: Migrations;
  private readonly banks: VaultBanks;
  private readonly replicas: ReplicaState;
  private readonly agg: WindowAggregates;
  private readonly coreFree: Float64Array;
  private readonly hostStart: Int32Array;
  private readonly hostCores: Int32Array;
  private readonly bankOwner: Int32Array;
  private readonly flopsPerCycle: Float64Array;
  private readonly shardsPerExpert: number;

  constructor(
    m: MachineModel,
    w: WorkloadShape,
    p: PlacementIndex,
    parts: {
      readonly ctx: WindowContext;
      readonly pool: TaskPool;
      readonly mbs: MicroBatches;
      readonly tl: ResourceTimelines;
      readonly transfers: Transfers;
      readonly migrations: Migrations;
      readonly banks: VaultBanks;
      readonly replicas: ReplicaState;
      readonly agg: WindowAggregates;
    },
  ) {
    this.ctx = parts.ctx;
    this.pool = parts.pool;
    this.mbs = parts.mbs;
    this.tl = parts.tl;
    this.transfers = parts.transfers;
    this.migrations = parts.migrations;
    this.banks = parts.banks;
    this.replicas = parts.replicas;
    this.agg = parts.agg;
    this.coreFree = parts.tl.coreFree;
    this.hostStart = p.hostStart;
    this.hostCores = p.hostCores;
    this.bankOwner = m.bankOwner;
    this.flopsPerCycle = m.flopsPerCycle;
    this.shardsPerExpert = w.shardsPerExpert;
  }

  /** Start a window's events: ids keep counting across windows. */
  beginWindow(): void {
    this.compute.count = 0;
  }

  /** Issue task i if it starts before the window's end; returns whether it did. */
  tryIssue(i: number): boolean {
    const ctx = this.ctx;
    const pool = this.pool;
    const mb = pool.mb[i] ?? 0;
    const e = pool.expert[i] ?? -1;
    const R = pool.ready[i] ?? 0;
    const floor = Math.max(R, ctx.tS);
    const coreFree = this.coreFree;
    let c: number;
    let s: number;
    if (e < 0) {
      c = pool.home[i] ?? 0;
      const f = coreFree[c] ?? 0;
      s = Math.max(f, floor);
    } else {
      // Hosts: the placement's cores (ascending), then the replicas usable when the task could start
      // there (ascending core). A task (the tokens of one micro-batch routed to the expert) runs on
      // host mbId mod hosts: consecutive micro-batches rotate over the hosts, so each of H hosts runs
      // 1/H of the expert's micro-batches, the equal split EPLB's replicas are sized for.
      const hostStart = this.hostStart;
      const hostCores = this.hostCores;
      const hs = hostStart[e] ?? 0;
      const nPlaced = (hostStart[e + 1] ?? 0) - hs;
      const recs = ctx.anyReplicas ? this.replicas.recordsOf(e) : undefined;
      let nUsable = 0;
      if (recs !== undefined) {
        for (let q = 0; q < recs.length; q++) {
          const rec = recs[q];
          if (rec !== undefined && usableAt(rec.readyNs, rec.retiredNs, coreFree[rec.core] ?? 0, floor)) nUsable++;
        }
      }
      const k = nPlaced + nUsable === 1 ? 0 : (pool.mbId[i] ?? 0) % (nPlaced + nUsable);
      if (k < nPlaced) c = hostCores[hs + k] ?? 0;
      else {
        c = hostCores[hs] ?? 0;
        let left = k - nPlaced;
        for (let q = 0; recs !== undefined && q < recs.length; q++) {
          const rec = recs[q];
          if (rec === undefined || !usableAt(rec.readyNs, rec.retiredNs, coreFree[rec.core] ?? 0, floor)) continue;
          if (left === 0) {
            c = rec.core;
            break;
          }
          left--;
        }
      }
      const f = coreFree[c] ?? 0;
      s = Math.max(f, floor);
    }
    const rr = ctx.plan.reroutes;
    const mbId = pool.mbId[i] ?? 0;
    if (rr.count > 0 && s < ctx.tE) {
      for (let r = 0; r < rr.count; r++) {
        const ta = rr.tApplyNs[r] ?? 0;
        if (rr.fromCore[r] !== c || s < ta) continue;
        let named = false;
        for (let q = rr.mbStart[r] ?? 0, q1 = rr.mbStart[r + 1] ?? 0; q < q1; q++)
          if (rr.mbIds[q] === mbId) named = true;
        if (!named) continue;
        const re = rr.expert[r] ?? -1;
        if (re === -1 ? e < 0 && rr.expertTasksOnly[r] === 1 : re !== e) continue;
        c = rr.toCore[r] ?? c;
        const f = coreFree[c] ?? 0;
        s = Math.max(f, floor);
        if (ta > s) s = ta;
        break;
      }
    }
    if (s >= ctx.tE) return false;

    // Issue: compute at the core's current frequency, reads FIFO on their banks (and links).
    const ghz = ctx.hw.coreFreqGhz[c] ?? 1;
    const flops = pool.flops[i] ?? 0;
    const computeNs = flops / ((this.flopsPerCycle[c] ?? 1) * ghz);
    let memEnd = s;
    let weightEnd = s;
    const r0 = pool.readStart[i] ?? 0;
    const r1 = r0 + (pool.readCount[i] ?? 0);
    if (r1 > r0) {
      const fromReplica = e >= 0 && ctx.anyReplicas && this.replicas.isUsable(e, c, s);
      // An expert placed on several cores keeps a resident copy of its weights in every host's vault
      // (loaded with the placement); the placement's tensor banks are one of those copies.
      const multiHost = e >= 0 && (this.hostStart[e + 1] ?? 0) - (this.hostStart[e] ?? 0) > 1;
      const S = this.shardsPerExpert;
      const readKey = pool.readKey;
      const readBytes = pool.readBytes;
      const banks = this.banks;
      const transfers = this.transfers;
      for (let r = r0; r < r1; r++) {
        const key = readKey[r] ?? 0;
        let bank =
          key < 0 ? -1 - key : fromReplica ? banks.replicaBank(e, key % S, c) : this.migrations.shardAt(key, s);
        if (multiHost && key >= 0 && !fromReplica && this.bankOwner[bank] !== c)
          bank = banks.replicaBank(e, key % S, c);
        const bytes = readBytes[r] ?? 0;
        // weight shards striped; an expert task's other reads are its tokens' hidden states; attention's are KV
        const xe =
          key >= 0
            ? transfers.readShard(c, bank, bytes, s)
            : e >= 0
              ? transfers.tokenTransfer(c, bank, bytes, s, 0)
              : transfers.readTransfer(c, bank, bytes, s);
        if (xe > memEnd) memEnd = xe;
        if (key >= 0 && xe > weightEnd) weightEnd = xe;
      }
    }
    const memNs = memEnd - s;
    const durNs = Math.max(computeNs, memNs);
    // Whole cycles at this frequency; the tolerance keeps exact products from rounding up a cycle.
    const cycles = durNs > 0 ? Math.ceil(durNs * ghz - 1e-6) : 0;
    const end = s + cycles / ghz;
    coreFree[c] = end;
    // Combine: an expert task's single-bank reads are its tokens' hidden states (group-builder.ts);
    // the outputs, as large, go back to the same home-vault banks once the task ends.
    if (e >= 0) {
      const readKey = pool.readKey;
      const readBytes = pool.readBytes;
      for (let r = r0; r < r1; r++) {
        const key = readKey[r] ?? 0;
        if (key >= 0) continue;
        const xe = this.transfers.tokenTransfer(c, -1 - key, readBytes[r] ?? 0, end, 1);
        if (xe > memEnd) memEnd = xe;
      }
    }
    pool.issued[i] = 1;
    pool.waiting--;
    const mbs = this.mbs;
    mbs.outstanding[mb] = (mbs.outstanding[mb] ?? 0) - 1;
    const doneAt = Math.max(end, memEnd);
    if (doneAt > (mbs.groupEnd[mb] ?? 0)) mbs.groupEnd[mb] = doneAt;
    if (doneAt > this.tl.lastEndNs) this.tl.lastEndNs = doneAt;
    this.listPending(mbId, e, c, flops);
    if (ctx.dry) return true;
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
    b.computeNs[j] = computeNs;
    b.weightReadNs[j] = weightEnd - s;
    this.agg.spreadCore(c, s, end, flops);
    return true;
  }

  private listPending(mbId: number, expert: number, core: number, flops: number): void {
    const p = this.pending;
    const j = p.count;
    if (j === p.mbId.length) {
      p.mbId = growI32(p.mbId, j + 1);
      p.expert = growI32(p.expert, j + 1);
      p.core = growI32(p.core, j + 1);
      p.flops = growF64(p.flops, j + 1);
    }
    p.mbId[j] = mbId;
    p.expert[j] = expert;
    p.core[j] = core;
    p.flops[j] = flops;
    p.count = j + 1;
  }
}
