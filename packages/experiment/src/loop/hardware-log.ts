/**
 * The hardware state each window of a pass was lowered at (core frequencies, bank bandwidths: what
 * the physicalizer reads of it), kept as the entries that changed from one window to the next.
 * A physicalizer is a function of the windows' overlays and hardware states, so a fresh one fed
 * the same states (and no overlays) reaches the state the pass's physicalizer had at any window
 * (fork-twin.ts). DVFS steps and refresh bands change rarely, so the log stays small (the default
 * Mixtral run: 1.9 M entries over 31,000 windows, 23 MB; DeepSeek-V2: only the first window's).
 * Past `maxEntries` it gives up (`overflowed`) and frees what it held: a run whose bands flicker
 * without end then forks nothing, and its twin runs on its own.
 */
import type { HardwareState } from '@tasmoe/schemas';

/** Bit-exact change: NaN and -0 count as values. */
function differs(a: number, b: number): boolean {
  return !Object.is(a, b);
}

export class HardwareLog {
  /** More entries than `maxEntries` were noted: the log holds nothing and cannot replay. */
  overflowed = false;
  private last: Float64Array | undefined;
  private cores = 0;
  /** Diffs of window w are idx/val[windowStart[w] .. windowStart[w + 1]) (entries: cores, then banks). */
  private windowStart = new Int32Array(1024);
  private windows = 0;
  private idx = new Int32Array(1024);
  private val = new Float64Array(1024);
  private n = 0;

  /** 4 M entries: 48 MB. */
  constructor(private readonly maxEntries = 4_000_000) {}

  /** Windows noted so far (0 .. count - 1, in order). */
  get count(): number {
    return this.windows;
  }

  /**
   * The state window `w` is lowered at; windows are noted in order from 0. `banks`: the only banks
   * whose entries can have changed since the last window (the comet's out-of-band scan, when bank
   * refresh follows each bank's temperature), so that a window compares those and the cores, not
   * all 8,192 banks (~15 us); without it, every entry.
   */
  note(w: number, hw: HardwareState, banks?: { readonly outOfBand: Int32Array; readonly count: number }): void {
    if (this.overflowed) return;
    if (w !== this.windows) throw new RangeError(`hardware log: window ${w} noted after ${this.windows} windows`);
    const core = hw.coreFreqGhz;
    const bank = hw.bankBwBytesPerNs;
    let last = this.last;
    const first = last === undefined;
    if (last === undefined) {
      this.cores = core.length;
      last = this.last = new Float64Array(core.length + bank.length).fill(Number.NaN);
    }
    this.start(w);
    const nc = this.cores;
    for (let c = 0; c < nc; c++) {
      const v = core[c] as number;
      if (differs(v, last[c] as number)) this.push(c, v, last);
    }
    if (banks === undefined || first)
      for (let b = 0, i = nc; b < bank.length; b++, i++) {
        const v = bank[b] as number;
        if (differs(v, last[i] as number)) this.push(i, v, last);
      }
    else
      for (let k = 0; k < banks.count; k++) {
        const b = banks.outOfBand[k] as number;
        const v = bank[b] as number;
        if (differs(v, last[nc + b] as number)) this.push(nc + b, v, last);
      }
    this.windows = w + 1;
    this.windowStart[this.windows] = this.n;
    if (this.n > this.maxEntries) {
      this.overflowed = true;
      this.idx = new Int32Array(0);
      this.val = new Float64Array(0);
      this.windowStart = new Int32Array(0);
    }
  }

  /** Calls `lower(w, hw)` for windows 0 .. windows - 1 with the states noted (one state object, updated in place). */
  replay(windows: number, lower: (w: number, hw: HardwareState) => void): void {
    if (this.overflowed) throw new RangeError('hardware log: overflowed, nothing to replay');
    if (windows > this.windows) throw new RangeError(`hardware log: ${windows} windows asked, ${this.windows} noted`);
    const nc = this.cores;
    const all = new Float64Array(this.last?.length ?? 0);
    const hw: HardwareState = { coreFreqGhz: all.subarray(0, nc), bankBwBytesPerNs: all.subarray(nc) };
    for (let w = 0; w < windows; w++) {
      for (let i = this.windowStart[w] as number; i < (this.windowStart[w + 1] as number); i++)
        all[this.idx[i] as number] = this.val[i] as number;
      lower(w, hw);
    }
  }

  private start(w: number): void {
    if (w + 2 > this.windowStart.length) {
      const grown = new Int32Array(2 * this.windowStart.length);
      grown.set(this.windowStart);
      this.windowStart = grown;
    }
    this.windowStart[w] = this.n;
  }

  private push(i: number, v: number, last: Float64Array): void {
    if (this.n === this.idx.length) {
      const idx = new Int32Array(2 * this.n);
      idx.set(this.idx);
      this.idx = idx;
      const val = new Float64Array(2 * this.n);
      val.set(this.val);
      this.val = val;
    }
    this.idx[this.n] = i;
    this.val[this.n] = v;
    this.n++;
    last[i] = v;
  }
}
