import { growF64, growI32, growU8 } from './typed-grow.js';

/**
 * Tasks of started groups, as columns; issued ones are dropped when nothing
 * waits. Task i reads readKey/readBytes[readStart[i] .. readStart[i] + readCount[i]).
 */
export class TaskPool {
  /** Lane of the task's micro-batch. */
  mb: Int32Array = new Int32Array(256);
  /** The trace's micro-batch id of the task (step * concurrency + lane). */
  mbId: Int32Array = new Int32Array(256);
  /** Expert, or -1 for attention. */
  expert: Int32Array = new Int32Array(256);
  /** Attention: the home core it runs on. */
  home: Int32Array = new Int32Array(256);
  flops: Float64Array = new Float64Array(256);
  ready: Float64Array = new Float64Array(256);
  readStart: Int32Array = new Int32Array(256);
  readCount: Int32Array = new Int32Array(256);
  issued: Uint8Array = new Uint8Array(256);
  count = 0;
  /** Tasks not yet issued. */
  waiting = 0;
  /** Read table: key >= 0 is a weight shard id, key < 0 is bank -1 - key (KV). */
  readKey: Int32Array = new Int32Array(1024);
  readBytes: Float64Array = new Float64Array(1024);
  readTotal = 0;

  /** What a dry run restores (preallocated: no allocation per window). */
  private savedIssued: Uint8Array = new Uint8Array(256);
  private savedCount = 0;
  private savedWaiting = 0;
  private savedReadTotal = 0;

  /** Room for `extraTasks` more tasks and `extraReads` more reads. */
  ensure(extraTasks: number, extraReads: number): void {
    const n = this.count + extraTasks;
    if (n > this.mb.length) {
      this.mb = growI32(this.mb, n);
      this.mbId = growI32(this.mbId, n);
      this.expert = growI32(this.expert, n);
      this.home = growI32(this.home, n);
      this.flops = growF64(this.flops, n);
      this.ready = growF64(this.ready, n);
      this.readStart = growI32(this.readStart, n);
      this.readCount = growI32(this.readCount, n);
      this.issued = growU8(this.issued, n);
    }
    const r = this.readTotal + extraReads;
    if (r > this.readKey.length) {
      this.readKey = growI32(this.readKey, r);
      this.readBytes = growF64(this.readBytes, r);
    }
  }

  add(
    mb: number,
    mbId: number,
    expert: number,
    home: number,
    flops: number,
    ready: number,
    readStart: number,
    readCount: number,
  ): void {
    const i = this.count++;
    this.mb[i] = mb;
    this.mbId[i] = mbId;
    this.expert[i] = expert;
    this.home[i] = home;
    this.flops[i] = flops;
    this.ready[i] = ready;
    this.readStart[i] = readStart;
    this.readCount[i] = readCount;
    this.issued[i] = 0;
  }

  clear(): void {
    this.count = 0;
    this.readTotal = 0;
  }

  /** Drop issued tasks and their reads, keeping the order of the rest. */
  compact(): void {
    let n = 0;
    let rn = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.issued[i] === 1) continue;
      const r0 = this.readStart[i] ?? 0;
      const rc = this.readCount[i] ?? 0;
      // Reads only move down (rn <= r0), so copying in place is safe.
      this.readKey.copyWithin(rn, r0, r0 + rc);
      this.readBytes.copyWithin(rn, r0, r0 + rc);
      this.mb[n] = this.mb[i] ?? 0;
      this.mbId[n] = this.mbId[i] ?? 0;
      this.expert[n] = this.expert[i] ?? 0;
      this.home[n] = this.home[i] ?? 0;
      this.flops[n] = this.flops[i] ?? 0;
      this.ready[n] = this.ready[i] ?? 0;
      this.readStart[n] = rn;
      this.readCount[n] = rc;
      this.issued[n] = 0;
      rn += rc;
      n++;
    }
    this.count = n;
    this.readTotal = rn;
  }

  /**
   * Remember the pool before a dry run. A dry run only appends tasks and marks
   * tasks issued (it never clears or compacts), so the counts and issued flags
   * are all it changes.
   */
  save(): void {
    const n = this.count;
    if (this.savedIssued.length < n) this.savedIssued = new Uint8Array(Math.max(n, this.savedIssued.length * 2));
    for (let i = 0; i < n; i++) this.savedIssued[i] = this.issued[i] ?? 0;
    this.savedCount = n;
    this.savedWaiting = this.waiting;
    this.savedReadTotal = this.readTotal;
  }

  restore(): void {
    const n = this.savedCount;
    for (let i = 0; i < n; i++) this.issued[i] = this.savedIssued[i] ?? 0;
    this.count = n;
    this.waiting = this.savedWaiting;
    this.readTotal = this.savedReadTotal;
  }
}
