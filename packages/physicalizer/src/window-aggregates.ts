/**
 * Per-window aggregates of work that may run past the window it was issued in.
 * Busy time, FLOPs, bytes and flits are attributed to windows pro rata by time
 * overlap; a ring of future windows (grown on demand) holds the carry-over until
 * its window is lowered.
 *
 * Emitting a window hands out views of its ring slot (no copy); the slot is
 * cleared when the next window begins, so the views stay valid until then.
 * Banks are many (8,192) and few are touched per window, so bank entries are
 * cleared through a per-slot dirty list.
 */

/**
 * Latency arrays are all of V8's double elements kind, the shared empty one included (not
 * frozen: a frozen array has its own map). Consumers iterate them every window; mixing a frozen
 * empty array with filled ones kept deoptimising their hot code (V8 "wrong map").
 */
function latencyArray(): number[] {
  const a = [0.5];
  a.length = 0;
  return a;
}
const EMPTY: readonly number[] = latencyArray();

export interface WindowAggregateOutput {
  readonly coreBusyNs: Float64Array;
  readonly coreFlops: Float64Array;
  readonly bankReadBytes: Float64Array;
  readonly bankWriteBytes: Float64Array;
  readonly bankBusyNs: Float64Array;
  readonly linkFlits: Float64Array;
  completedTokens: number;
  stepLatenciesNs: readonly number[];
}

export class WindowAggregates {
  private k = 4;
  private base = 0;
  private coreBusy: Float64Array;
  private coreFlops: Float64Array;
  private bankRead: Float64Array;
  private bankWrite: Float64Array;
  private bankBusy: Float64Array;
  private linkFlits: Float64Array;
  private bankDirtyList: Int32Array;
  private bankDirtyCount: Int32Array;
  private tokens: Float64Array;
  private stepLat: number[][];
  private views: WindowAggregateOutput[];
  /** Slot emitted last, cleared when the next window begins (-1: none). */
  private emitted = -1;
  /** Latest time any aggregate reaches. */
  lastActivityNs = 0;
  /** The window being accumulated first ([curStart, curEnd), ring slot curSlot): the fast path. */
  private curStart = 0;
  private curEnd: number;
  private curSlot = 0;

  constructor(
    private readonly coreCount: number,
    private readonly bankCount: number,
    private readonly linkCount: number,
    private readonly windowNs: number,
  ) {
    const k = this.k;
    this.coreBusy = new Float64Array(k * coreCount);
    this.coreFlops = new Float64Array(k * coreCount);
    this.bankRead = new Float64Array(k * bankCount);
    this.bankWrite = new Float64Array(k * bankCount);
    this.bankBusy = new Float64Array(k * bankCount);
    this.linkFlits = new Float64Array(k * linkCount);
    this.bankDirtyList = new Int32Array(k * bankCount);
    this.bankDirtyCount = new Int32Array(k);
    this.tokens = new Float64Array(k);
    this.stepLat = Array.from({ length: k }, latencyArray);
    this.views = this.makeViews();
    this.curEnd = windowNs;
  }

  /** Core c busy over [t0, t1) executing `flops`. */
  spreadCore(c: number, t0: number, t1: number, flops: number): void {
    const W = this.windowNs;
    const n = this.coreCount;
    if (t1 > this.lastActivityNs) this.lastActivityNs = t1;
    if (t0 >= this.curStart && t1 <= this.curEnd) {
      const s = this.curSlot * n + c;
      this.coreBusy[s] = (this.coreBusy[s] ?? 0) + (t1 - t0);
      this.coreFlops[s] = (this.coreFlops[s] ?? 0) + flops;
      return;
    }
    let j = this.windowOf(t0);
    let wEnd = (j + 1) * W;
    if (t1 <= wEnd) {
      const s = this.slot(j) * n + c;
      this.coreBusy[s] = (this.coreBusy[s] ?? 0) + (t1 - t0);
      this.coreFlops[s] = (this.coreFlops[s] ?? 0) + flops;
      return;
    }
    const inv = flops / (t1 - t0);
    let a = t0;
    while (a < t1) {
      const b = Math.min(t1, wEnd);
      const s = this.slot(j) * n + c;
      this.coreBusy[s] = (this.coreBusy[s] ?? 0) + (b - a);
      this.coreFlops[s] = (this.coreFlops[s] ?? 0) + inv * (b - a);
      a = b;
      j++;
      wEnd += W;
    }
  }

  /** Bank busy over [t0, t1) moving `bytes` (read or write). */
  spreadBank(bank: number, t0: number, t1: number, bytes: number, write: boolean): void {
    const W = this.windowNs;
    if (t1 > this.lastActivityNs) this.lastActivityNs = t1;
    if (t0 >= this.curStart && t1 <= this.curEnd) {
      this.addBank(this.curSlot, bank, bytes, t1 - t0, write);
      return;
    }
    let j = this.windowOf(t0);
    let wEnd = (j + 1) * W;
    if (t1 <= wEnd) {
      this.addBank(this.slot(j), bank, bytes, t1 - t0, write);
      return;
    }
    const inv = bytes / (t1 - t0);
    let a = t0;
    while (a < t1) {
      const b = Math.min(t1, wEnd);
      this.addBank(this.slot(j), bank, inv * (b - a), b - a, write);
      a = b;
      j++;
      wEnd += W;
    }
  }

  /** Link carries `flits` evenly over [t0, t1). */
  spreadLink(link: number, t0: number, t1: number, flits: number): void {
    const W = this.windowNs;
    let j = this.windowOf(t0);
    let wEnd = (j + 1) * W;
    if (t1 <= wEnd) {
      const s = this.slot(j) * this.linkCount + link;
      this.linkFlits[s] = (this.linkFlits[s] ?? 0) + flits;
      return;
    }
    const inv = flits / (t1 - t0);
    let a = t0;
    while (a < t1) {
      const b = Math.min(t1, wEnd);
      const s = this.slot(j) * this.linkCount + link;
      this.linkFlits[s] = (this.linkFlits[s] ?? 0) + inv * (b - a);
      a = b;
      j++;
      wEnd += W;
    }
  }

  /** A decode step of `tokens` tokens finished at `tNs` after `latencyNs`. */
  addStep(tNs: number, latencyNs: number, tokens: number): void {
    if (tNs > this.lastActivityNs) this.lastActivityNs = tNs;
    // A step ending exactly at a window's end finished in that window (windows are [start, end)).
    const j = Math.ceil(tNs / this.windowNs) - 1;
    const sl = this.slot(Math.max(j, this.base));
    this.tokens[sl] = (this.tokens[sl] ?? 0) + tokens;
    this.stepLat[sl]?.push(latencyNs);
  }

  /** Clear the slot handed out by the last emitBase; call before adding to the next window. */
  beginWindow(): void {
    const sl = this.emitted;
    if (sl < 0) return;
    this.emitted = -1;
    const C = this.coreCount;
    const B = this.bankCount;
    const L = this.linkCount;
    this.coreBusy.fill(0, sl * C, sl * C + C);
    this.coreFlops.fill(0, sl * C, sl * C + C);
    this.linkFlits.fill(0, sl * L, sl * L + L);
    const n = this.bankDirtyCount[sl] ?? 0;
    for (let i = 0; i < n; i++) {
      const s = sl * B + (this.bankDirtyList[sl * B + i] ?? 0);
      this.bankRead[s] = 0;
      this.bankWrite[s] = 0;
      this.bankBusy[s] = 0;
    }
    this.bankDirtyCount[sl] = 0;
    this.tokens[sl] = 0;
    const lat = this.stepLat[sl];
    if (lat !== undefined && lat.length > 0) this.stepLat[sl] = latencyArray();
  }

  /** Hand out window `base`'s aggregates (views of its slot, valid until beginWindow) and advance. */
  emitBase(): WindowAggregateOutput {
    this.beginWindow();
    const sl = this.base & (this.k - 1);
    const out = this.views[sl];
    if (out === undefined) throw new RangeError('window aggregate slot missing');
    out.completedTokens = this.tokens[sl] ?? 0;
    const lat = this.stepLat[sl] ?? EMPTY;
    out.stepLatenciesNs = lat.length === 0 ? EMPTY : lat;
    this.emitted = sl;
    this.base++;
    this.setCurrent();
    return out;
  }

  private setCurrent(): void {
    this.curStart = this.base * this.windowNs;
    this.curEnd = this.curStart + this.windowNs;
    this.curSlot = this.base & (this.k - 1);
  }

  private windowOf(t: number): number {
    const j = Math.floor(t / this.windowNs);
    return Math.max(j, this.base);
  }

  private addBank(sl: number, bank: number, bytes: number, busyNs: number, write: boolean): void {
    const s = sl * this.bankCount + bank;
    // Busy time is positive for every transfer, so an idle entry is one not yet listed as dirty.
    if (this.bankBusy[s] === 0) {
      const n = this.bankDirtyCount[sl] ?? 0;
      this.bankDirtyList[sl * this.bankCount + n] = bank;
      this.bankDirtyCount[sl] = n + 1;
    }
    if (write) this.bankWrite[s] = (this.bankWrite[s] ?? 0) + bytes;
    else this.bankRead[s] = (this.bankRead[s] ?? 0) + bytes;
    this.bankBusy[s] = (this.bankBusy[s] ?? 0) + busyNs;
  }

  private slot(j: number): number {
    if (j - this.base >= this.k) this.grow(j - this.base + 1);
    return j & (this.k - 1);
  }

  private makeViews(): WindowAggregateOutput[] {
    const C = this.coreCount;
    const B = this.bankCount;
    const L = this.linkCount;
    return Array.from({ length: this.k }, (_, sl) => ({
      coreBusyNs: this.coreBusy.subarray(sl * C, sl * C + C),
      coreFlops: this.coreFlops.subarray(sl * C, sl * C + C),
      bankReadBytes: this.bankRead.subarray(sl * B, sl * B + B),
      bankWriteBytes: this.bankWrite.subarray(sl * B, sl * B + B),
      bankBusyNs: this.bankBusy.subarray(sl * B, sl * B + B),
      linkFlits: this.linkFlits.subarray(sl * L, sl * L + L),
      completedTokens: 0,
      stepLatenciesNs: EMPTY,
    }));
  }

  /** Double the ring (rare: work reaching more than k windows ahead). Live windows keep their data. */
  private grow(needed: number): void {
    // The emitted slot must be cleared first: it is not live and is not carried over.
    this.beginWindow();
    let k2 = this.k * 2;
    while (k2 < needed) k2 *= 2;
    const k1 = this.k;
    const C = this.coreCount;
    const B = this.bankCount;
    const L = this.linkCount;
    const move = (old: Float64Array, n: number): Float64Array => {
      const a = new Float64Array(k2 * n);
      for (let j = this.base; j < this.base + k1; j++)
        a.set(old.subarray((j & (k1 - 1)) * n, (j & (k1 - 1)) * n + n), (j & (k2 - 1)) * n);
      return a;
    };
    this.coreBusy = move(this.coreBusy, C);
    this.coreFlops = move(this.coreFlops, C);
    this.bankRead = move(this.bankRead, B);
    this.bankWrite = move(this.bankWrite, B);
    this.bankBusy = move(this.bankBusy, B);
    this.linkFlits = move(this.linkFlits, L);
    const list = new Int32Array(k2 * B);
    const count = new Int32Array(k2);
    const tokens = new Float64Array(k2);
    const lat: number[][] = Array.from({ length: k2 }, () => []);
    for (let j = this.base; j < this.base + k1; j++) {
      const o = j & (k1 - 1);
      const nw = j & (k2 - 1);
      list.set(this.bankDirtyList.subarray(o * B, o * B + B), nw * B);
      count[nw] = this.bankDirtyCount[o] ?? 0;
      tokens[nw] = this.tokens[o] ?? 0;
      lat[nw] = this.stepLat[o] ?? latencyArray();
    }
    this.bankDirtyList = list;
    this.bankDirtyCount = count;
    this.tokens = tokens;
    this.stepLat = lat;
    this.k = k2;
    this.views = this.makeViews();
    this.setCurrent();
  }
}
