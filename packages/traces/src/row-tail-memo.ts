/**
 * The bytes of a row part already accepted by trace-rows-fast.ts, with the context it was
 * checked in (layer, slot, ...) and the values read from it. Consecutive rows of a trace
 * repeat most of their bytes (the same FLOP values, tensor ids, byte counts and layer), so a
 * row part equal to the memo under the same context is the memo's values without looking at
 * its digits: a few word compares instead of a parse. The memo holds only bytes that passed
 * the full check, so a match accepts exactly what the check would accept.
 */

/** Longest row part kept (a longer one is just parsed each time). */
export const MEMO_BYTES = 96;
/** Low bytes of a word, by count 0..3. */
const MASK = [0, 0xff, 0xffff, 0xffffff];

export class RowTailMemo {
  private readonly dv = new DataView(new ArrayBuffer(MEMO_BYTES + 8));
  /** Bytes held; -1: none. */
  len = -1;
  /** Context the bytes were checked in (the caller's meaning). */
  keyA = -1;
  keyB = -1;
  /** Value read from the bytes (a FLOP count, a byte count). */
  value = 0;
  /** Further values (the FLOPs of an fc row). */
  readonly values: Float64Array;

  constructor(valueCount: number) {
    this.values = new Float64Array(valueCount);
  }

  /**
   * The memo's bytes are at p of `dv` (loads may go 3 bytes past them: the reader's slack), and
   * the context is (a, b).
   */
  matches(dv: DataView, p: number, a: number, b: number): boolean {
    const len = this.len;
    if (len < 0 || a !== this.keyA || b !== this.keyB) return false;
    const m = this.dv;
    let o = 0;
    for (; o + 4 <= len; o += 4) if (dv.getUint32(p + o, true) !== m.getUint32(o, true)) return false;
    return o === len || ((dv.getUint32(p + o, true) ^ m.getUint32(o, true)) & (MASK[len - o] as number)) === 0;
  }

  /**
   * Keep bytes [from, to) of `dv`, checked in context (a, b). Word by word in JavaScript (up to 3
   * bytes past `to` are loaded, never compared): a native copy costs more than a row part.
   */
  store(dv: DataView, from: number, to: number, a: number, b: number): void {
    if (to - from > MEMO_BYTES) {
      this.len = -1;
      return;
    }
    const m = this.dv;
    for (let o = 0; o < to - from; o += 4) m.setUint32(o, dv.getUint32(from + o, true), true);
    this.len = to - from;
    this.keyA = a;
    this.keyB = b;
  }
}
