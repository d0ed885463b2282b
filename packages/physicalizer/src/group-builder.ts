import type { LogicalSource } from '@tasmoe/schemas';
import { groupExpertsError, indexChunk, type IndexedChunk } from './chunk-index.js';
import { PhysicalizerError } from './errors.js';
import { PHASE_ATTN, PHASE_DONE, type MicroBatches } from './micro-batch-state.js';
import type { TaskPool } from './task-pool.js';
import type { VaultBanks } from './vault-banks.js';
import type { WorkloadShape } from './workload-shape.js';

/**
 * Turns a lane's next group (attention or experts of one layer of one step)
 * into pool tasks, from the trace chunk holding that step. A chunk is indexed
 * once, when a lane first reaches it, and dropped once every lane has left it.
 */
export class GroupBuilder {
  private readonly w: WorkloadShape;
  private readonly source: LogicalSource;
  private readonly pool: TaskPool;
  private readonly mbs: MicroBatches;
  private readonly banks: VaultBanks;

  // Chunks of the steps micro-batches are in.
  private readonly chunks = new Map<number, IndexedChunk>();
  private lastChunk: IndexedChunk | undefined = undefined;

  // Scratch (per expert, per core), preallocated.
  private readonly accFlops: Float64Array;
  private readonly exUses: Int32Array;
  private readonly exList: Int32Array;
  private readonly exReads: Int32Array;
  private readonly exCursor: Int32Array;
  private readonly homeFlops: Float64Array;
  private readonly homeBytes: Float64Array;
  private readonly homeTouched: Uint8Array;
  private readonly homeList: Int32Array;
  /** Home core of sequence slot mb * micro_batch + q. */
  private readonly homeOfSlot: Int32Array;

  constructor(
    w: WorkloadShape,
    source: LogicalSource,
    pool: TaskPool,
    mbs: MicroBatches,
    banks: VaultBanks,
    coreCount: number,
  ) {
    const C = coreCount;
    this.w = w;
    this.source = source;
    this.pool = pool;
    this.mbs = mbs;
    this.banks = banks;
    this.accFlops = new Float64Array(w.expertCount);
    this.exUses = new Int32Array(w.expertCount);
    this.exList = new Int32Array(w.expertCount);
    this.exReads = new Int32Array(w.expertCount);
    this.exCursor = new Int32Array(w.expertCount);
    this.homeFlops = new Float64Array(C);
    this.homeBytes = new Float64Array(C);
    this.homeTouched = new Uint8Array(C);
    this.homeList = new Int32Array(C);
    this.homeOfSlot = Int32Array.from({ length: w.microBatches * w.microBatch }, (_, slot) => slot % C);
  }

  /** Home core of the sequence of `token` in lane `mb`: (lane * micro_batch + token mod micro_batch) mod cores. */
  private homeCore(mb: number, token: number): number {
    const B = this.w.microBatch;
    return this.homeOfSlot[mb * B + (token % B)] ?? 0;
  }

  /** Start lane mb's next group: its tasks, all ready when the lane is, join the pool. */
  build(mb: number): void {
    const mbs = this.mbs;
    const step = mbs.step[mb] ?? 0;
    const layer = mbs.layer[mb] ?? 0;
    const ic = this.chunkForStep(step);
    const ch = ic.chunk;
    const L = this.w.layers;
    const g = ((step - ch.stepStart) * L + layer) * this.w.microBatches + mb;
    const ev0 = ic.evStart[g] ?? 0;
    const ev1 = ic.evStart[g + 1] ?? 0;
    const R = mbs.ready[mb] ?? 0;
    mbs.ready[mb] = Infinity;
    mbs.groupEnd[mb] = R;
    if (mbs.phase[mb] === PHASE_ATTN) {
      if (layer === 0) mbs.stepTokens[mb] = ev1 - ev0;
      this.buildAttention(mb, layer, ch.token, ch.attnFlops, ch.kvBytes, ev0, ev1, R);
    } else {
      this.buildExperts(mb, layer, ic, g, ev0, ev1, R);
    }
  }

  private chunkForStep(step: number): IndexedChunk {
    const last = this.lastChunk;
    if (last !== undefined && step >= last.chunk.stepStart && step < last.chunk.stepStart + last.chunk.stepCount)
      return last;
    const spc = this.source.stepsPerChunk;
    const ci = Math.floor(step / spc);
    let ic = this.chunks.get(ci);
    if (ic === undefined) {
      if (ci >= this.source.chunkCount)
        throw new PhysicalizerError(
          'TRACE_INVALID',
          `step ${step} is beyond the source's ${this.source.chunkCount} chunks`,
        );
      ic = indexChunk(this.source.chunk(ci), this.w, ci, ci * spc);
      this.chunks.set(ci, ic);
    }
    this.lastChunk = ic;
    return ic;
  }

  /** Forget chunks every lane has left. */
  evictChunks(): void {
    if (this.chunks.size <= 1) return;
    const mbs = this.mbs;
    let minStep = Infinity;
    for (let mb = 0; mb < this.w.microBatches; mb++)
      if (mbs.phase[mb] !== PHASE_DONE) minStep = Math.min(minStep, mbs.step[mb] ?? 0);
    const spc = this.source.stepsPerChunk;
    for (const ci of this.chunks.keys()) if ((ci + 1) * spc <= minStep) this.chunks.delete(ci);
    if (this.lastChunk !== undefined && !this.chunks.has(this.lastChunk.chunk.chunkIndex)) this.lastChunk = undefined;
  }

  private mbIdOf(mb: number): number {
    return (this.mbs.step[mb] ?? 0) * this.w.microBatches + mb;
  }

  /** One attention task per home core of the micro-batch's tokens (ascending core id), reading their KV from that core's vault. */
  private buildAttention(
    mb: number,
    layer: number,
    token: Int32Array,
    attnFlops: Float64Array,
    kvBytes: Float64Array,
    ev0: number,
    ev1: number,
    R: number,
  ): void {
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
    const pool = this.pool;
    pool.ensure(n, n);
    const mbId = this.mbIdOf(mb);
    for (let j = 0; j < n; j++) {
      const h = homeList[j] ?? 0;
      homeTouched[h] = 0;
      const bytes = homeBytes[h] ?? 0;
      const rs = pool.readTotal;
      if (bytes > 0) {
        pool.readKey[rs] = -1 - this.banks.kvBank(h, layer, mb);
        pool.readBytes[rs] = bytes;
        pool.readTotal = rs + 1;
      }
      pool.add(mb, mbId, -1, h, homeFlops[h] ?? 0, R, rs, bytes > 0 ? 1 : 0);
    }
  }

  /**
   * One task per expert the micro-batch uses at this layer (ascending expert
   * number: the layer's routed experts, then its shared ones; indexChunk checked
   * that events only name those), with that expert's shard reads.
   */
  private buildExperts(
    mb: number,
    layer: number,
    ic: IndexedChunk,
    g: number,
    ev0: number,
    ev1: number,
    R: number,
  ): void {
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
    const pool = this.pool;
    // Dispatch: one single-bank read per (token, chosen expert) of the token's hidden state from
    // its home vault (the bank holding its KV at this layer); task-issue.ts sends the output back.
    const act = this.w.activationBytes;
    const dispatch = act > 0;
    pool.ensure(n, w1 - w0 + (dispatch ? (ev1 - ev0) * k : 0));
    const cursor = this.exCursor;
    let off = pool.readTotal;
    for (let j = 0; j < n; j++) {
      const e = list[j] ?? 0;
      cursor[e] = off;
      off += (reads[e] ?? 0) + (dispatch ? (uses[e] ?? 0) : 0);
    }
    const S = this.w.shardsPerExpert;
    const wShard = ch.wShard;
    const wBytes = ch.wBytes;
    const readKey = pool.readKey;
    const readBytes = pool.readBytes;
    for (let q = w0; q < w1; q++) {
      const r = perm[q] ?? 0;
      const e = wExpert[r] ?? 0;
      const pos = cursor[e] ?? 0;
      cursor[e] = pos + 1;
      readKey[pos] = e * S + (wShard[r] ?? 0);
      readBytes[pos] = wBytes[r] ?? 0;
    }
    if (dispatch) {
      const token = ch.token;
      for (let j = ev0 * k; j < ev1 * k; j++) {
        const e = experts[j] ?? 0;
        const pos = cursor[e] ?? 0;
        cursor[e] = pos + 1;
        const h = this.homeCore(mb, token[Math.floor(j / k)] ?? 0);
        readKey[pos] = -1 - this.banks.kvBank(h, layer, mb);
        readBytes[pos] = act;
      }
    }
    pool.readTotal = off;
    const mbId = this.mbIdOf(mb);
    for (let j = 0; j < n; j++) {
      const e = list[j] ?? 0;
      const cnt = (reads[e] ?? 0) + (dispatch ? (uses[e] ?? 0) : 0);
      pool.add(mb, mbId, e, -1, acc[e] ?? 0, R, (cursor[e] ?? 0) - cnt, cnt);
    }
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
